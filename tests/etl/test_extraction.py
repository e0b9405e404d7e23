"""Table-driven tests of the extraction, on sentences written for these tests in the styles of
Central Asian government press services, Korean ministries and wires, and international outlets
(issue #3: numbers, scales, currencies, qualifiers, years, places, indicators)."""
from __future__ import annotations

import pytest

from etl.build import extract_document
from etl.documents import Document


def doc(body: str, published: str = "2024-06-14", publisher: str = "Test Wire", title: str = "Test") -> Document:
    return Document("test-doc", title, publisher, published, "", "en", body)


def figures(body: str, **kw) -> list[tuple]:
    rows, _ = extract_document(doc(body, **kw))
    return [(r["indicator"], r["country"], r["partner"], r["period"], float(r["value"]), r["comparator"])
            for r in rows]


UZ = "Press Service of the President of the Republic of Uzbekistan"
KZ = "Ministry of Foreign Affairs of the Republic of Kazakhstan"

CASES = [
    # --- numbers, scales, currencies -------------------------------------------------------------
    ("Trade turnover between Uzbekistan and the Republic of Korea amounted to US $2,5 bln in 2023.", {},
     [("trade_turnover", "UZB", "KOR", "2023", 2.5e9, "equal")]),
    ("Bilateral trade between Kazakhstan and South Korea reached $6.4 billion in 2022.", {},
     [("trade_turnover", "KAZ", "KOR", "2022", 6.4e9, "equal")]),
    ("Kyrgyz-Korean trade turnover totalled USD 1,234.5 million in 2023.", {},
     [("trade_turnover", "KGZ", "KOR", "2023", 1234.5e6, "equal")]),
    ("In 2021 the trade turnover of Tajikistan and Korea was 41 mln US dollars.", {},
     [("trade_turnover", "TJK", "KOR", "2021", 41e6, "equal")]),
    ("Turkmen-Korean trade stood at $180mn in 2019.", {},
     [("trade_turnover", "TKM", "KOR", "2019", 180e6, "equal")]),
    ("Trade between Seoul and Astana hit $5.9bn in 2023.", {},
     [("trade_turnover", "KAZ", "KOR", "2023", 5.9e9, "equal")]),
    ("Uzbek-Korean commodity turnover reached 1 950 million dollars in 2018.", {},
     [("trade_turnover", "UZB", "KOR", "2018", 1.95e9, "equal")]),
    ("Korean companies have invested 1.2 trillion won in Kazakhstan so far.", {"published": "2023-03-01"},
     [("investment_cumulative", "KAZ", "KOR", "2023", 1.2e12, "equal")]),
    ("Accumulated Korean investment in Uzbekistan reached KRW 9 trillion.", {"published": "2022-12-20"},
     [("investment_cumulative", "UZB", "KOR", "2022", 9e12, "equal")]),
    ("Trade between Kyrgyzstan and Korea reached $1 300 000 000 in 2023.", {},
     [("trade_turnover", "KGZ", "KOR", "2023", 1.3e9, "equal")]),
    # --- qualifiers -> comparator ------------------------------------------------------------------
    ("Korean investments in Uzbekistan's economy exceeded $8 billion.", {"published": "2025-01-10"},
     [("investment_cumulative", "UZB", "KOR", "2025", 8e9, "more_than")]),
    ("The volume of mutual trade between Kazakhstan and Korea was over US$ 6 billion last year.",
     {"published": "2023-06-04"}, [("trade_turnover", "KAZ", "KOR", "2022", 6e9, "more_than")]),
    ("Trade turnover between Tajikistan and Korea amounted to about $62 million in 2023.", {},
     [("trade_turnover", "TJK", "KOR", "2023", 62e6, "about")]),
    ("Korean direct investment in Kyrgyzstan totals nearly $100 million.", {"published": "2021-05-05"},
     [("investment_cumulative", "KGZ", "KOR", "2021", 100e6, "about")]),
    ("Trade between Kazakhstan and the Republic of Korea reached almost US$ 4 billion in 2021.", {},
     [("trade_turnover", "KAZ", "KOR", "2021", 4e9, "about")]),
    ("In 2020, Korean-Uzbek trade was approximately $1.7 billion.", {},
     [("trade_turnover", "UZB", "KOR", "2020", 1.7e9, "about")]),
    ("Korean investment in Turkmenistan stands at roughly $2 billion.", {"published": "2020-02-02"},
     [("investment_cumulative", "TKM", "KOR", "2020", 2e9, "about")]),
    ("Some 200 Korean companies operate in Kyrgyzstan.", {"published": "2024-02-01"},
     [("companies", "KGZ", "KOR", "2024", 200, "about")]),
    ("At least 150 enterprises with Korean capital operate in Tajikistan.", {"published": "2022-09-09"},
     [("companies", "TJK", "KOR", "2022", 150, "at_least")]),
    ("Accumulated Korean investment in Kazakhstan is upwards of $9 billion.", {"published": "2024-05-30"},
     [("investment_cumulative", "KAZ", "KOR", "2024", 9e9, "more_than")]),
    ("Korea Eximbank will provide Uzbekistan with EDCF loans of up to $500 million.",
     {"published": "2024-06-14"}, [("edcf_loan", "UZB", "KOR", "2024", 5e8, "at_most")]),
    ("In 2015 trade between Turkmenistan and Korea was less than $300 million.", {},
     [("trade_turnover", "TKM", "KOR", "2015", 300e6, "less_than")]),
    ("Korean investment in Uzbekistan has already surpassed $7 billion.", {"published": "2023-11-01"},
     [("investment_cumulative", "UZB", "KOR", "2023", 7e9, "more_than")]),
    ("Korean companies have invested in excess of $3 billion in Kazakhstan.", {"published": "2012-04-04"},
     [("investment_cumulative", "KAZ", "KOR", "2012", 3e9, "more_than")]),
    # --- years and periods -------------------------------------------------------------------------
    ("Trade grew from $5 million in 1993 to $2.1 billion in 2014 between Uzbekistan and Korea.", {},
     [("trade_turnover", "UZB", "KOR", "1993", 5e6, "equal"), ("trade_turnover", "UZB", "KOR", "2014", 2.1e9, "equal")]),
    ("Last year, trade between Kazakhstan and Korea amounted to $6.5 billion.", {"published": "2023-06-04"},
     [("trade_turnover", "KAZ", "KOR", "2022", 6.5e9, "equal")]),
    ("This year trade turnover between Uzbekistan and Korea has already reached $1.2 billion.",
     {"published": "2024-05-10"}, [("trade_turnover", "UZB", "KOR", "2024-01/2024-04", 1.2e9, "equal")]),
    ("In January-October 2017, trade turnover between Uzbekistan and Korea amounted to $1.05 billion.", {},
     [("trade_turnover", "UZB", "KOR", "2017-01/2017-10", 1.05e9, "equal")]),
    ("Trade between Kazakhstan and Korea reached $1.6 billion in the first quarter of 2023.", {},
     [("trade_turnover", "KAZ", "KOR", "2023-01/2023-03", 1.6e9, "equal")]),
    ("In the first five months of 2024, Kyrgyz-Korean trade turnover amounted to $420 million.", {},
     [("trade_turnover", "KGZ", "KOR", "2024-01/2024-05", 420e6, "equal")]),
    ("In the first half of this year, trade between Tajikistan and Korea amounted to $35 million.",
     {"published": "2023-08-01"}, [("trade_turnover", "TJK", "KOR", "2023-01/2023-06", 35e6, "equal")]),
    ("Trade turnover between Uzbekistan and Korea in 1Q23 reached $560 million.", {},
     [("trade_turnover", "UZB", "KOR", "2023-01/2023-03", 560e6, "equal")]),
    ("From January to September 2019, trade between Kazakhstan and Korea totalled $2.2 billion.", {},
     [("trade_turnover", "KAZ", "KOR", "2019-01/2019-09", 2.2e9, "equal")]),
    ("Over the past year, trade between Uzbekistan and the Republic of Korea amounted to $2.2 billion.",
     {"published": "2020-01-20"}, [("trade_turnover", "UZB", "KOR", "2019", 2.2e9, "equal")]),
    ("Korean investment in Kazakhstan has reached $8.5 billion.", {"published": "2023-06-04"},
     [("investment_cumulative", "KAZ", "KOR", "2023", 8.5e9, "equal")]),
    ("In 2022 Korea invested $1.5 billion in Kazakhstan.", {},
     [("investment_annual", "KAZ", "KOR", "2022", 1.5e9, "equal")]),
    ("Korean direct investment in Kazakhstan for 2005-2020 amounted to $6 billion.", {},
     [("investment_cumulative", "KAZ", "KOR", "2020", 6e9, "equal")]),
    # --- places ------------------------------------------------------------------------------------
    ("In our country, 1,100 enterprises with Korean capital are operating.", {"publisher": UZ},
     [("companies", "UZB", "KOR", "2024", 1100, "equal")]),
    ("Today there are 680 companies with South Korean capital in our country.",
     {"publisher": KZ, "published": "2024-03-03"}, [("companies", "KAZ", "KOR", "2024", 680, "equal")]),
    ("Trade between Korea and the Central Asian countries exceeded $10 billion in 2023.", {},
     [("trade_turnover", "CAS", "KOR", "2023", 10e9, "more_than")]),
    ("Korean investment in the region has reached $20 billion.", {"published": "2024-05-16"},
     [("investment_cumulative", "CAS", "KOR", "2024", 20e9, "equal")]),
    ("Trade between CA countries and the Republic of Korea grew to $11 billion in 2024.", {"published": "2025-02-01"},
     [("trade_turnover", "CAS", "KOR", "2024", 11e9, "equal")]),
    ("The President of Kyrgyzstan said that 40 joint ventures with Korean capital operate in the republic.",
     {"published": "2019-11-12"}, [("joint_ventures", "KGZ", "KOR", "2019", 40, "equal")]),
    ("Korea and Tajikistan met in Dushanbe. Trade between the two countries amounted to $50 million last year.",
     {"published": "2023-05-26"}, [("trade_turnover", "TJK", "KOR", "2022", 50e6, "equal")]),
    # --- indicators and direction -------------------------------------------------------------------
    ("Korea's exports to Uzbekistan reached $2 billion in 2023.", {},
     [("imports", "UZB", "KOR", "2023", 2e9, "equal")]),
    ("Uzbekistan's exports to Korea amounted to $90 million in 2023.", {},
     [("exports", "UZB", "KOR", "2023", 90e6, "equal")]),
    ("In 2022, Kazakhstan exported goods worth $3.8 billion to South Korea.", {},
     [("exports", "KAZ", "KOR", "2022", 3.8e9, "equal")]),
    ("In 2022, Kazakhstan imported $2.2 billion worth of goods from Korea.", {},
     [("imports", "KAZ", "KOR", "2022", 2.2e9, "equal")]),
    ("Korean imports from Turkmenistan totalled $12 million in 2021.", {},
     [("exports", "TKM", "KOR", "2021", 12e6, "equal")]),
    ("In 2023 trade reached $2.4 billion, of which $2.3 billion were imports from Korea to Uzbekistan.", {},
     [("trade_turnover", "UZB", "KOR", "2023", 2.4e9, "equal"), ("imports", "UZB", "KOR", "2023", 2.3e9, "equal")]),
    ("In our country, 726 joint ventures with Korean capital are operating.", {"publisher": UZ},
     [("joint_ventures", "UZB", "KOR", "2024", 726, "equal")]),
    ("The portfolio of projects financed by the EDCF in Uzbekistan has exceeded $1.5 billion.",
     {"published": "2021-12-17"}, [("edcf_portfolio", "UZB", "KOR", "2021", 1.5e9, "more_than")]),
    ("Korea Eximbank signed a $100 million EDCF loan agreement with Tajikistan.", {"published": "2022-08-08"},
     [("edcf_loan", "TJK", "KOR", "2022", 100e6, "equal")]),
    ("The sides signed agreements on new EDCF loans to Kyrgyzstan worth $250 million.", {"published": "2024-12-03"},
     [("edcf_loan", "KGZ", "KOR", "2024", 250e6, "equal")]),
    ("A package of joint projects worth $12 billion has been agreed between Uzbekistan and Korea.",
     {"published": "2022-12-17"}, [("project_portfolio", "UZB", "KOR", "2022", 12e9, "equal")]),
    ("The portfolio of joint Kazakh-Korean projects is estimated at $5.3 billion.", {"published": "2021-08-17"},
     [("project_portfolio", "KAZ", "KOR", "2021", 5.3e9, "about")]),
    ("Bilateral trade between Uzbekistan and Korea grew by 21 percent in 2023.", {},
     [("trade_growth_pct", "UZB", "KOR", "2023", 21, "equal")]),
    ("Trade between Kazakhstan and Korea fell 27% in 2020.", {},
     [("trade_growth_pct", "KAZ", "KOR", "2020", -27, "equal")]),
    ("In January-June 2024, Korea-Kyrgyzstan trade increased by 35.5% compared to the same period of 2023.", {},
     [("trade_growth_pct", "KGZ", "KOR", "2024-01/2024-06", 35.5, "equal")]),
    ("The joint plant in Andijan will have a capacity of 100,000 cars per year from 2026, with Korean partners.",
     {}, [("production_capacity", "UZB", "KOR", "2026", 100000, "equal")]),
    ("Kazakhstan attracted $1.5 billion of direct investment from Korea in 2022.", {},
     [("investment_annual", "KAZ", "KOR", "2022", 1.5e9, "equal")]),
    ("Over 900 enterprises with the participation of South Korean capital operate in Uzbekistan.",
     {"published": "2024-03-01"}, [("companies", "UZB", "KOR", "2024", 900, "more_than")]),
    ("The number of joint ventures with Korean capital in Kazakhstan reached 700.", {"published": "2024-03-01"},
     [("joint_ventures", "KAZ", "KOR", "2024", 700, "equal")]),
    ("In 2023 Korean exports to Central Asia reached $6.1 billion, and imports $2.0 billion.", {},
     [("imports", "CAS", "KOR", "2023", 6.1e9, "equal"), ("exports", "CAS", "KOR", "2023", 2.0e9, "equal")]),
    ("The trade turnover of Kyrgyzstan and Korea in the first quarter amounted to $390 million.",
     {"published": "2024-05-20"}, [("trade_turnover", "KGZ", "KOR", "2024-01/2024-03", 390e6, "equal")]),
    ("Trade between Tajikistan and Korea was $60 million in 2023, 15 percent more than in 2022.", {},
     [("trade_turnover", "TJK", "KOR", "2023", 60e6, "equal"), ("trade_growth_pct", "TJK", "KOR", "2023", 15, "equal")]),
    ("Mutual trade between Kazakhstan and Korea in 2022 decreased by 12.4% to $1.1 billion.", {},
     [("trade_growth_pct", "KAZ", "KOR", "2022", -12.4, "equal"), ("trade_turnover", "KAZ", "KOR", "2022", 1.1e9, "equal")]),
    ("Kyrgyzstan's trade with Korea soared 130% to $1.2 billion in 2023, driven by car re-exports.", {},
     [("trade_growth_pct", "KGZ", "KOR", "2023", 130, "equal"), ("trade_turnover", "KGZ", "KOR", "2023", 1.2e9, "equal")]),
    ("Trade between Korea and Kazakhstan: $6.5 bn (2022), $5.9 bn (2023).", {},
     [("trade_turnover", "KAZ", "KOR", "2022", 6.5e9, "equal"), ("trade_turnover", "KAZ", "KOR", "2023", 5.9e9, "equal")]),
    ("Foreign trade turnover of Tajikistan with Korea for 9 months of 2023 made up $42.3 mln.", {},
     [("trade_turnover", "TJK", "KOR", "2023-01/2023-09", 42.3e6, "equal")]),
    ("Seoul's outbound investment to Kazakhstan totaled 278 billion won last year.", {"published": "2023-04-01"},
     [("investment_annual", "KAZ", "KOR", "2022", 278e9, "equal")]),
    ("In 2019 Korean companies invested $300 mln in Uzbekistan, bringing the total to $7 bln.", {},
     [("investment_annual", "UZB", "KOR", "2019", 3e8, "equal"), ("investment_cumulative", "UZB", "KOR", "2019", 7e9, "equal")]),
    ("The two-way trade of Korea and Uzbekistan was US$ 2.1 bn. in 2022.", {},
     [("trade_turnover", "UZB", "KOR", "2022", 2.1e9, "equal")]),
    ("Trade between South Korea and Central Asia reached $10.2 billion last year. Kazakhstan accounted for "
     "$5.9 billion, followed by Uzbekistan at $2.4 billion.", {"published": "2024-06-06"},
     [("trade_turnover", "CAS", "KOR", "2023", 10.2e9, "equal"), ("trade_turnover", "KAZ", "KOR", "2023", 5.9e9, "equal"),
      ("trade_turnover", "UZB", "KOR", "2023", 2.4e9, "equal")]),
    ("Korea's cumulative investment in Central Asia stood at $22 billion as of end-2023.", {"published": "2024-06-06"},
     [("investment_cumulative", "CAS", "KOR", "2023", 22e9, "equal")]),
    ("Korea's investment in Kazakhstan reached $8 billion. The new plant will cost $400 million.",
     {"published": "2024-06-06"}, [("investment_cumulative", "KAZ", "KOR", "2024", 8e9, "equal")]),
    ("More than 150 Korean-invested companies work in Tajikistan.", {"published": "2023-01-01"},
     [("companies", "TJK", "KOR", "2023", 150, "more_than")]),
    ("In 2023 the two countries traded goods worth $6 billion, Kazakh and Korean officials said.", {},
     [("trade_turnover", "KAZ", "KOR", "2023", 6e9, "equal")]),
    ("Korean businesses have poured more than $1 billion into Kyrgyzstan.", {"published": "2024-01-01"},
     [("investment_cumulative", "KGZ", "KOR", "2024", 1e9, "more_than")]),
    ("More than 2 thousand Korean companies operate in Uzbekistan.", {"published": "2024-01-01"},
     [("companies", "UZB", "KOR", "2024", 2000, "more_than")]),
    ("Korea will provide grants of $30 million and EDCF loans of $300 million to Uzbekistan.",
     {"published": "2024-01-01"}, [("edcf_loan", "UZB", "KOR", "2024", 3e8, "equal")]),
    ("KOICA has implemented projects worth $150 million in Tajikistan since 2006.", {}, []),
    ("The Kazakh-Korean trade turnover for 5 months of this year amounted to $800 million, an increase of 14.2% "
     "over the same period last year.", {"published": "2024-06-20"},
     [("trade_turnover", "KAZ", "KOR", "2024-01/2024-05", 8e8, "equal"),
      ("trade_growth_pct", "KAZ", "KOR", "2024-01/2024-05", 14.2, "equal")]),
    ("Trade turnover between Uzbekistan and Korea grew by 25.6% year-on-year in January–June 2024 to $1.2 billion.", {},
     [("trade_growth_pct", "UZB", "KOR", "2024-01/2024-06", 25.6, "equal"),
      ("trade_turnover", "UZB", "KOR", "2024-01/2024-06", 1.2e9, "equal")]),
    # --- a country's trade or investment with the whole world is not bilateral ----------------------------
    ("Uzbekistan's foreign trade turnover in 2023 amounted to $62.6 billion. Korea signed a memorandum.", {}, []),
    ("Foreign direct investment in Kazakhstan totalled $23 billion in 2023, Korea's minister noted.", {}, []),
    # --- targets and forecasts are not observations ----------------------------------------------------
    ("Samsung will invest $300 million in a plant in Tashkent.", {}, []),
    ("Uzbekistan and Korea intend to bring trade turnover to $5 billion by 2030.", {}, []),
    ("The sides agreed to increase mutual trade between Kazakhstan and Korea to $10 billion.", {}, []),
    ("Trade between Uzbekistan and Korea is expected to reach $3 billion this year.", {}, []),
    # --- nothing economic: the extraction must find nothing ------------------------------------------
    ("On May 16, 2024, the delegation of Korea visited Tashkent for the 10th time.", {}, []),
    ("About 180,000 ethnic Koreans live in Uzbekistan.", {}, []),
    ("The Korea-Central Asia Cooperation Forum was founded in 2007 and held its 17th session in Seoul.", {}, []),
    ("Nearly 300 students from Kazakhstan study in Korea under the KOICA programme.", {}, []),
    ("Russia's trade with Kazakhstan reached $28 billion in 2023.", {}, []),
    ("China invested $3 billion in Kyrgyzstan in 2022, while Korea signed two memoranda.", {}, []),
    ("The Asian Development Bank will lend Tajikistan $200 million in 2024.", {}, []),
    ("Kazakhstan's GDP grew 5.1% in 2023, with Korean companies active in 12 regions.", {}, []),
    ("The two presidents met in Seoul on 14.06.2024 and adopted a roadmap for 2024-2026.", {}, []),
    ("Over 1,000 participants attended the Korea-Uzbekistan business forum in 2019.", {}, []),
    # --- lexicon entries each need a row (issue #9: adding a phrasing = one lexicon line + one row here) ---
    ("Trade between Kyrgyzstan and Korea fell 12% in 2022 before a recovery of 20% in 2023.", {},
     [("trade_growth_pct", "KGZ", "KOR", "2022", -12.0, "equal"), ("trade_growth_pct", "KGZ", "KOR", "2023", 20.0, "equal")]),
    ("Kazakhstan's imports from Korea reached $2.5 billion in 2021. These imports grew to $3.1 billion in 2022.", {},
     [("imports", "KAZ", "KOR", "2021", 2.5e9, "equal"), ("imports", "KAZ", "KOR", "2022", 3.1e9, "equal")]),
    ("There are 45 local companies operating with Korean participation in Tajikistan.", {"published": "2023-03-10"},
     [("companies", "TJK", "KOR", "2023", 45.0, "equal")]),
    ("Korean companies plan to invest $300 million in Kyrgyzstan next year.", {}, []),
    ("Trade between Korea and Tajikistan was $40 million in 2016. The following year it rose to $52 million.", {},
     [("trade_turnover", "TJK", "KOR", "2016", 40e6, "equal"), ("trade_turnover", "TJK", "KOR", "2017", 52e6, "equal")]),
    ("Trade between Korea and Turkmenistan stood at $250 million in 2018. In the same year, Korean exports to "
     "Turkmenistan were $200 million.", {},
     [("trade_turnover", "TKM", "KOR", "2018", 250e6, "equal"), ("imports", "TKM", "KOR", "2018", 200e6, "equal")]),
    ("Under agreement No. 12, Korea's Eximbank lent Kyrgyzstan $20 million in 2022.", {},
     [("edcf_loan", "KGZ", "KOR", "2022", 20e6, "equal")]),
    ("Russian investment in Kazakhstan exceeded $17 billion in 2022, while Korean investment reached $1.5 billion in 2022.",
     {}, [("investment_annual", "KAZ", "KOR", "2022", 1.5e9, "equal")]),
    ("Kazakhstan-Korea trade reached 5.9 bn dollars in 2022; the delegation flew 5 m above the runway.", {},
     [("trade_turnover", "KAZ", "KOR", "2022", 5.9e9, "equal")]),
    ("Gov. Kim said Korean firms (incl. Samsung Co. and LG Corp.) invested $400 million in Uzbekistan in 2022.", {},
     [("investment_annual", "UZB", "KOR", "2022", 400e6, "equal")]),
    # --- issue #9 step 2: time words, periods, a year not over (kinds 3, 16, 17, 18) ----------------------
    ("In the first three quarters of 2023, trade between Kazakhstan and Korea reached $4.4 billion.", {},
     [("trade_turnover", "KAZ", "KOR", "2023-01/2023-09", 4.4e9, "equal")]),
    ("Korea's exports to Kyrgyzstan in the third quarter of 2023 rose to $410 million.", {},
     [("imports", "KGZ", "KOR", "2023-07/2023-09", 410e6, "equal")]),
    ("Trade between Uzbekistan and Korea in H2 2023 came to $1.3 billion.", {},
     [("trade_turnover", "UZB", "KOR", "2023-07/2023-12", 1.3e9, "equal")]),
    ("The trade turnover between Tajikistan and Korea for 5 months of 2019 amounted to $12.9 million. This figure "
     "in the same period in 2018 amounted to $9.3 million.", {"published": "2019-07-10"},
     [("trade_turnover", "TJK", "KOR", "2019-01/2019-05", 12.9e6, "equal"),
      ("trade_turnover", "TJK", "KOR", "2018-01/2018-05", 9.3e6, "equal")]),
    ("Since the beginning of the year, trade between Korea and Kazakhstan reached $2.1 billion.",
     {"published": "2023-06-15"}, [("trade_turnover", "KAZ", "KOR", "2023-01/2023-05", 2.1e9, "equal")]),
    ("Uzbekistan's exports to Korea in May reached $45 million.", {"published": "2023-06-15"},
     [("exports", "UZB", "KOR", "2023-05/2023-05", 45e6, "equal")]),
    ("As of April 2023, Korean investment in Kyrgyzstan totalled $120 million.", {"published": "2023-06-15"},
     [("investment_cumulative", "KGZ", "KOR", "2023", 120e6, "equal")]),
    ("On May 16, 2024, Korea Eximbank signed a $30 million EDCF loan with Tajikistan.", {"published": "2024-08-15"},
     [("edcf_loan", "TJK", "KOR", "2024", 30e6, "equal")]),
    ("Korea imports about $50 million of Turkmen cotton a year, trade officials in Ashgabat say.",
     {"published": "2023-06-15"}, []),
    ("Trade between Korea and Uzbekistan rose to $2.4 billion this year from $1.9 billion last year.",
     {"published": "2023-06-15"},
     [("trade_turnover", "UZB", "KOR", "2023-01/2023-05", 2.4e9, "equal"),
      ("trade_turnover", "UZB", "KOR", "2022-01/2022-05", 1.9e9, "equal")]),
    ("In 2022, trade between Uzbekistan and Korea was $1.3 billion. In 2023 it fell to $1.04 billion, and in 2024 "
     "it reached $1.07 billion.", {"published": "2024-07-23"},
     [("trade_turnover", "UZB", "KOR", "2022-01/2022-06", 1.3e9, "equal"),
      ("trade_turnover", "UZB", "KOR", "2023-01/2023-06", 1.04e9, "equal"),
      ("trade_turnover", "UZB", "KOR", "2024-01/2024-06", 1.07e9, "equal")]),
    ("In 2024, trade between Korea and Kazakhstan reached $300 million.", {"published": "2024-01-05"}, []),
    # a decade dates nothing: "in the 1990s" is no year of a figure
    ("Trade between Korea and Kazakhstan grew from $200 million in the 1990s to $6 billion in recent years.",
     {"published": "2025-03-01"}, []),
    ("The Kazakh-Korean trade turnover reached $6.1 billion in 2022 and grew by another 11% in the first eight "
     "months of this year.", {"published": "2023-10-02"},
     [("trade_turnover", "KAZ", "KOR", "2022", 6.1e9, "equal"),
      ("trade_growth_pct", "KAZ", "KOR", "2023-01/2023-08", 11.0, "equal")]),
]


@pytest.mark.parametrize(("body", "meta", "expected"), CASES, ids=[c[0][:60] for c in CASES])
def test_extraction(body, meta, expected):
    assert figures(body, **meta) == expected


def test_at_least_sixty_sentences():
    assert len(CASES) >= 60


@pytest.mark.parametrize(("text", "value"), [
    ("US $7,5 billion", 7.5e9), ("$1,234", 1234), ("1 234 tenge", 1234), ("US$ 2,5 bln", 2.5e9),
    ("$160mn", 160e6), ("$3.5bn", 3.5e9), ("1.2 trillion won", 1.2e12), ("€40 million", 40e6),
    ("500 million roubles", 5e8), ("2.3 trillion soums", 2.3e12), ("USD 15 million", 15e6), ("KRW 50 bn", 50e9),
    ("3,4 billion US dollars", 3.4e9), ("1,000,000 dollars", 1e6), ("12 tn won", 12e12), ("20 thousand USD", 2e4),
])
def test_number_reading(text, value):
    from etl.extract import mentions

    money = [m for m in mentions(text) if m.kind == "money"]
    assert len(money) == 1 and money[0].stated == text
    assert money[0].value == pytest.approx(value)


@pytest.mark.parametrize(("text", "unit"), [
    ("$5 million", "USD"), ("5 million won", "KRW"), ("₩5 million", "KRW"), ("5 million euro", "EUR"),
    ("5 million roubles", "RUB"), ("5 million soums", "UZS"), ("5 million tenge", "KZT"), ("US 5 million", "USD"),
])
def test_currency_stays_in_its_unit(text, unit):
    from etl.extract import mentions

    assert [m.unit for m in mentions(text)] == [unit]


def test_range_gives_both_bounds():
    rows = figures("Korean investment in Uzbekistan reached $1-2 billion in 2023.", published="2024-01-01")
    assert [(r[4], r[5]) for r in rows] == [(1e9, "at_least"), (2e9, "at_most")]


def test_every_number_not_taken_goes_to_review_with_a_reason():
    body = "On May 16 the 10th forum met; 300 guests came. Korea's investment in Uzbekistan exceeds $7 billion."
    rows, review = extract_document(doc(body))
    assert len(rows) == 1
    assert sorted(r["stated"] for r in review) == ["10th", "16", "300"]
    assert all(r["reason"] for r in review)


def test_unknown_country_goes_to_review_not_a_guess():
    rows, review = extract_document(doc("Korean investment exceeded $2 billion."))
    assert rows == []
    assert "no country" in review[0]["reason"]


def test_quote_and_span_point_at_the_body():
    body = "Intro line.\nKorea’s investment in Uzbekistan exceeds US $7,5 billion, and trade grew."
    (row,), _ = extract_document(doc(body))
    assert body[row["char_start"]:row["char_end"]] == row["stated"] == "US $7,5 billion"
    assert row["quote"] in body and row["quote"].startswith("Korea’s")
