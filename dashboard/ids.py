"""Component ids, declared once (callbacks, layout and browser tests use these)."""

URL = "url"
PAGE = "page"
NOTICES = "notices"
VIEW = "view"

# Explore
INDICATOR = "indicator"
INDICATOR_INFO = "indicator-info"
COUNTRIES = "countries"
PARTNER = "partner"
YEARS = "years"
BAR_YEAR = "bar-year"
EXPLORE_MESSAGE = "explore-message"
BY_YEAR = "by-year-chart"
BY_COUNTRY = "by-country-chart"
TABLE = "rows-table"
TABLE_QUERY = "rows-table-query"  # the selection whose rows the table holds, filled after the charts
CITATION = "citation"
DOWNLOAD_CSV = "download-csv"
DOWNLOAD_ZIP = "download-zip"
DOWNLOAD = "download"
# Briefing slides (dashboard/slides.py)
DOWNLOAD_PPTX = "download-pptx"
DOWNLOAD_IMAGE = "download-image"
IMAGE_FORMAT = "image-format"
SLIDE_DOWNLOAD = "slide-download"
SLIDE_MESSAGE = "slide-message"

# Sources
SOURCES_TAB = "sources-tab"
CHECKS_TAB = "checks-tab"
SOURCES_TABLE = "sources-table"
SOURCE_PANEL = "source-panel"
SOURCE_SELECTED = "source-selected"

# Claims vs statistics
CHECKS_TABLE = "checks-table"
CHECKS_MESSAGE = "checks-message"
DOWNLOAD_CHECKS = "download-checks"
DOWNLOAD_CHECKS_FILE = "download-checks-file"

# Embed
EMBED_CHART = "embed-chart"
