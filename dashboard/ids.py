"""Component ids, declared once (callbacks, layout, assets/*.js and browser tests use these)."""

URL = "url"
PAGE = "page"
NOTICES = "notices"
VIEW = "view"
VIEWPORT = "viewport"  # the window's width, set in the browser at load (phones get a compact chart)

# Filters (shared by Explore and Table)
INDICATOR = "indicator"
INDICATOR_INFO = "indicator-info"
COUNTRIES = "countries"
PARTNER = "partner"
YEARS = "years"
YEAR_FROM = "year-from"
YEAR_TO = "year-to"
OFFICIAL = "official"  # which official series: korea | all | none

# Explore
BAR_YEAR = "bar-year"
EXPLORE_MESSAGE = "explore-message"
BY_YEAR = "by-year-chart"
BY_COUNTRY = "by-country-chart"
KEY = "chart-key"
ABOUT = "about-data"
BY_COUNTRY_NEXT = "by-country-next"  # the by-country chart's figure and config, drawn once the over-time chart is
BY_YEAR_DRAWN = "by-year-drawn"  # set in the browser once the over-time chart was first drawn
TABLE_SLOT = "rows-table-slot"  # the Explore table, filled once the over-time chart is drawn (the page's first chart)
TABLE = "rows-table"
TABLE_QUERY = "rows-table-query"  # the selection whose rows the table holds, filled after the charts
TABLE_PURGED = TABLE + "-purged"  # set in the browser when the grid's cached blocks were dropped (its name says which)
DOWNLOAD_CSV = "download-csv"
DOWNLOAD_ZIP = "download-zip"
DOWNLOAD = "download"
SHARE_LINK = "share-link"
SHARE_EMBED = "share-embed"
# Briefing slides (dashboard/slides.py)
DOWNLOAD_PPTX = "download-pptx"
DOWNLOAD_IMAGE = "download-image"
IMAGE_FORMAT = "image-format"
SLIDE_DOWNLOAD = "slide-download"
SLIDE_MESSAGE = "slide-message"

# The citation drawer (beside the chart, on every tab)
SELECTED = "selected-observation"
MARKED = "marked-observation"  # the point ringed on the charts (set in the browser)
DRAWER = "citation-drawer"
DRAWER_CLOSE = "citation-close"
CITATION = "citation"

# Table (claims against official records)
TABLE_TAB = "table-tab"
CLAIMS_TABLE = "claims-table"
CLAIMS_MESSAGE = "claims-message"
CLAIMS_QUERY = "claims-table-query"  # the selection whose claims the Table tab's grid holds
CLAIMS_PURGED = CLAIMS_TABLE + "-purged"
DOWNLOAD_CLAIMS = "download-claims"
DOWNLOAD_CLAIMS_FILE = "download-claims-file"

# Sources
SOURCES_TAB = "sources-tab"
SOURCES_TABLE = "sources-table"
SOURCE_PANEL = "source-panel"
SOURCE_SELECTED = "source-selected"

# Embed
EMBED_CHART = "embed-chart"
