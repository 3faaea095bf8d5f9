"""The demo data set: recommendations taken from the four seed documents, with a monitoring history.

DEMO DATA. The recommendations quote the seed documents (copies in tests/data/seeds/);
the benchmarks, statuses and progress entries are invented for illustration and
describe no real assessment.
"""

from __future__ import annotations

from datetime import date

from scorecard.demo import DemoBenchmark, DemoEntry, DemoRecommendation, DemoSource

OPED = "eu-dialogue-oped"
EXPLAINER = "kosovo-foreign-policy-explainer"
NEWS = "northern-kosovo-crisis-news"
ANALYSIS = "kosovo-us-relations-analysis"

OPED_ISSUED = date(2025, 5, 20)
EXPLAINER_ISSUED = date(2024, 3, 15)
NEWS_ISSUED = date(2023, 5, 31)
ANALYSIS_ISSUED = date(2025, 3, 12)

SOURCES: list[DemoSource] = [
    DemoSource(
        key=OPED,
        title="The EU must take the Kosovo–Serbia dialogue seriously",
        publisher=None,
        authors=None,
        published_on=OPED_ISSUED,
        url=None,
        notes="Demo data. Seed document 000_207024416fe82462.txt; publication date approximate.",
    ),
    DemoSource(
        key=EXPLAINER,
        title="Pillars of Kosovo's foreign policy",
        publisher=None,
        authors=None,
        published_on=EXPLAINER_ISSUED,
        url=None,
        notes="Demo data. Seed document 001_7978b6b906476551.txt; publication date approximate.",
    ),
    DemoSource(
        key=NEWS,
        title="US and NATO on the crisis in northern Kosovo",
        publisher=None,
        authors=None,
        published_on=NEWS_ISSUED,
        url=None,
        notes="Demo data. Seed document 002_c0a26fd62e9db281.txt; publication date approximate.",
    ),
    DemoSource(
        key=ANALYSIS,
        title="Kosovo–US relations: from protégé to partner",
        publisher="New Lines Institute",
        authors=None,
        published_on=ANALYSIS_ISSUED,
        url=None,
        notes="Demo data. Seed document 003_b65048eeb9771257.txt; publication date approximate.",
    ),
]

THEMES: list[tuple[str, str]] = [
    (
        "Dialogue & normalisation",
        "The EU-facilitated Belgrade–Pristina dialogue and the normalisation of relations between Kosovo and Serbia.",
    ),
    (
        "EU integration",
        "Kosovo's path towards EU membership and the EU's use of enlargement policy and its measures.",
    ),
    (
        "Security",
        "De-escalation in northern Kosovo, KFOR and NATO, and defence and security cooperation.",
    ),
    (
        "Economy & trade",
        "Investment, trade facilitation, joint ventures and innovation that build shared economic interests.",
    ),
    (
        "Governance & rule of law",
        "Good governance, the fight against corruption, legislative reform and restraint by the authorities.",
    ),
    (
        "Education & youth",
        "Educational exchanges, scholarships, professional training and leadership programmes for young people.",
    ),
    (
        "Regional cooperation",
        "Good-neighbourly relations and practical cooperation across the Western Balkans.",
    ),
    (
        "Recognition & diplomacy",
        "International recognition of Kosovo, consolidation of statehood and bilateral strategic diplomacy.",
    ),
]

ACTORS: list[tuple[str, str]] = [
    ("EU institutions", "eu_institution"),
    ("European Commission", "eu_institution"),
    ("EU High Representative", "eu_institution"),
    ("EU Special Representative for the Belgrade–Pristina dialogue", "eu_institution"),
    ("EU member states", "member_states"),
    ("Government of Kosovo", "government"),
    ("Government of Serbia", "government"),
    ("US Government", "government"),
    ("NATO/KFOR", "international_organisation"),
    ("Kosovo Police", "government"),
    ("Kosovo Serb community leaders", "local_authority"),
    ("Civil society", "civil_society"),
]

CYCLES: list[tuple[str, date, date]] = [
    ("2024 annual review", date(2024, 1, 1), date(2024, 12, 31)),
    ("2025 annual review", date(2025, 1, 1), date(2025, 12, 31)),
    ("2026 annual review", date(2026, 1, 1), date(2026, 12, 31)),
]

EU_HR = "EU High Representative"
EU_SR = "EU Special Representative for the Belgrade–Pristina dialogue"

RECOMMENDATIONS: list[DemoRecommendation] = [
    # ------------------------------------------------------------------
    # 000 — Op-ed: the EU must take the Kosovo–Serbia dialogue seriously
    # ------------------------------------------------------------------
    DemoRecommendation(
        code="EU-01",
        title="Publish a roadmap for lifting the EU's measures on Kosovo, agreed with member states",
        text="One of Kallas’s clearest messages during her visit must be that keeping Kosovo under punitive measures undermines the very approach the EU claims to champion. A roadmap for lifting these measures, backed by coordination with member states, is crucial to advancing the process.",
        source=OPED,
        locator='Section "Use enlargement levers, show leadership", paragraph 3',
        theme="EU integration",
        actors=(
            (EU_HR, "lead"),
            ("EU member states", "supporting"),
            ("Government of Kosovo", "consulted"),
        ),
        priority="high",
        status="partially_implemented",
        issued_on=OPED_ISSUED,
        due_on=date(2026, 6, 30),
        tags=("measures", "roadmap"),
        benchmarks=(
            DemoBenchmark(
                title="Roadmap for lifting the measures published",
                kind="milestone",
                weight=2.0,
                due_on=date(2025, 12, 31),
                entries=(
                    DemoEntry(
                        observed_on=date(2025, 7, 15),
                        achieved=False,
                        note="No roadmap tabled; the High Representative says the measures are under review.",
                    ),
                    DemoEntry(
                        observed_on=date(2025, 11, 5),
                        achieved=False,
                        note="Commission report mentions a gradual lifting of the measures but no written roadmap.",
                    ),
                    DemoEntry(
                        observed_on=date(2026, 4, 20),
                        achieved=True,
                        note="A phased plan for lifting the measures has been presented to member states.",
                    ),
                ),
            ),
            DemoBenchmark(
                title="Member states endorse the roadmap in Council",
                kind="milestone",
                entries=(
                    DemoEntry(
                        observed_on=date(2025, 11, 5),
                        achieved=False,
                        note="Not yet on the Council agenda.",
                    ),
                    DemoEntry(
                        observed_on=date(2026, 4, 20),
                        achieved=False,
                        note="Discussed at working-party level; several capitals ask for further conditions.",
                    ),
                    DemoEntry(
                        observed_on=date(2026, 9, 30),
                        achieved=False,
                        note="Endorsement still pending; no consensus among member states.",
                    ),
                ),
            ),
            DemoBenchmark(
                title="Measures on Kosovo lifted",
                kind="scale",
                scale="Implementation",
                weight=2.0,
                entries=(
                    DemoEntry(
                        observed_on=date(2025, 7, 15),
                        level="not implemented",
                        note="All measures remain in place.",
                    ),
                    DemoEntry(
                        observed_on=date(2025, 12, 15),
                        level="partially implemented",
                        note="A first set of measures lifted; high-level contacts have resumed.",
                    ),
                    DemoEntry(
                        observed_on=date(2026, 6, 30),
                        level="partially implemented",
                        note="Remaining measures, including some funding restrictions, still apply.",
                    ),
                    DemoEntry(
                        observed_on=date(2026, 10, 31),
                        level="partially implemented",
                        note="No further step since the first partial lifting.",
                    ),
                ),
            ),
        ),
    ),
    DemoRecommendation(
        code="EU-02",
        title="Adopt an integrated scorecard linking dialogue progress to accession and funding",
        text="To restore traction, Kallas should push for the EU to adopt a more integrated scorecard where dialogue progress impacts accession reports, funding allocations, and integration benchmarks.",
        source=OPED,
        locator='Section "Use enlargement levers, show leadership", paragraph 4',
        theme="EU integration",
        actors=(("European Commission", "lead"), (EU_HR, "supporting")),
        priority="medium",
        status="rejected",
        issued_on=OPED_ISSUED,
        due_on=date(2026, 3, 31),
        tags=("scorecard", "conditionality"),
        benchmarks=(
            DemoBenchmark(
                title="Commission adopts a dialogue–accession scorecard",
                kind="milestone",
                entries=(
                    DemoEntry(
                        observed_on=date(2025, 11, 5),
                        achieved=False,
                        note="Annual package keeps the dialogue in a separate chapter; no integrated scorecard.",
                    ),
                    DemoEntry(
                        observed_on=date(2026, 3, 31),
                        achieved=False,
                        note="Commission indicates it will not introduce a separate scorecard.",
                    ),
                ),
            ),
            DemoBenchmark(
                title="Dialogue progress reflected in accession reports",
                kind="scale",
                scale="EU progress",
                entries=(
                    DemoEntry(
                        observed_on=date(2025, 11, 5),
                        level="limited progress",
                        note="Reports refer to the dialogue but draw few consequences from it.",
                    ),
                    DemoEntry(
                        observed_on=date(2026, 11, 4),
                        level="no progress",
                        note="Latest reports repeat last year's wording on the dialogue.",
                    ),
                ),
            ),
            DemoBenchmark(
                title="Funding allocations linked to dialogue benchmarks",
                kind="milestone",
                weight=0.5,
            ),
        ),
    ),
    DemoRecommendation(
        code="EU-03",
        title="Set concrete, time-bound goals for the dialogue",
        text="That means putting real political capital on the line, setting concrete, time-bound goals, and moving beyond the vague incrementalism that has led nowhere.",
        source=OPED,
        locator='Section "Step up, act, and don’t trust autocrats", paragraph 1',
        theme="Dialogue & normalisation",
        actors=(
            (EU_SR, "lead"),
            ("Government of Kosovo", "consulted"),
            ("Government of Serbia", "consulted"),
        ),
        priority="high",
        status="stalled",
        issued_on=OPED_ISSUED,
        due_on=date(2025, 12, 31),
        tags=("dialogue", "deadlines"),
        benchmarks=(
            DemoBenchmark(
                title="Time-bound work plan agreed with both parties",
                kind="milestone",
                weight=2.0,
                entries=(
                    DemoEntry(
                        observed_on=date(2025, 7, 31),
                        achieved=False,
                        note="Shuttle visits continue; no dated work plan on the table.",
                    ),
                    DemoEntry(
                        observed_on=date(2025, 12, 15),
                        achieved=False,
                        note="Both parties decline to commit to a timetable.",
                    ),
                    DemoEntry(
                        observed_on=date(2026, 6, 30),
                        achieved=False,
                        note="Still no work plan; the process remains at technical level.",
                    ),
                ),
            ),
            DemoBenchmark(
                title="High-level dialogue meetings held",
                kind="numeric",
                baseline=0.0,
                target=4.0,
                unit="meetings",
                direction="increase",
                entries=(
                    DemoEntry(
                        observed_on=date(2025, 9, 30),
                        value=0.0,
                        note="No high-level meeting convened since the recommendation.",
                    ),
                    DemoEntry(
                        observed_on=date(2025, 12, 31),
                        value=1.0,
                        note="One high-level meeting in Brussels ended without agreement.",
                    ),
                    DemoEntry(
                        observed_on=date(2026, 6, 30),
                        value=1.0,
                        note="No further high-level meeting in the first half of the year.",
                    ),
                    DemoEntry(observed_on=date(2026, 10, 31), value=1.0, note="No meeting scheduled."),
                ),
            ),
            DemoBenchmark(
                title="Overall momentum of the dialogue",
                kind="scale",
                scale="RAG",
                entries=(
                    DemoEntry(
                        observed_on=date(2025, 7, 31),
                        level="amber",
                        note="Renewed EU engagement but no concrete goals yet.",
                    ),
                    DemoEntry(
                        observed_on=date(2025, 12, 15),
                        level="red",
                        note="Talks stuck; mutual accusations after incidents in the north.",
                    ),
                    DemoEntry(
                        observed_on=date(2026, 6, 30),
                        level="red",
                        note="No movement on any of the open files.",
                    ),
                    DemoEntry(observed_on=date(2026, 10, 31), level="red", note="Situation unchanged."),
                ),
            ),
        ),
    ),
    DemoRecommendation(
        code="EU-04",
        title="Make the dialogue a top-tier EU political priority",
        text="This dialogue must become a top-tier political priority and be owned as such by the EU.",
        source=OPED,
        locator='Section "Step up, act, and don’t trust autocrats", paragraph 1',
        theme="Dialogue & normalisation",
        actors=((EU_HR, "lead"), ("EU institutions", "supporting")),
        priority="medium",
        status="accepted",
        issued_on=OPED_ISSUED,
        due_on=date(2026, 12, 31),
        tags=("leadership", "priority"),
        benchmarks=(
            DemoBenchmark(
                title="Dialogue named a priority in the High Representative's work programme",
                kind="milestone",
                entries=(
                    DemoEntry(
                        observed_on=date(2025, 9, 15),
                        achieved=True,
                        note="Dialogue listed among the external action priorities in public statements.",
                    ),
                ),
            ),
            DemoBenchmark(
                title="Visits by the High Representative to Belgrade and Pristina",
                kind="numeric",
                baseline=0.0,
                target=4.0,
                unit="visits",
                direction="increase",
                entries=(
                    DemoEntry(
                        observed_on=date(2025, 6, 30),
                        value=1.0,
                        note="Visit to both capitals completed.",
                    ),
                    DemoEntry(
                        observed_on=date(2025, 12, 31),
                        value=1.0,
                        note="No further visit in the second half of the year.",
                    ),
                    DemoEntry(
                        observed_on=date(2026, 6, 30),
                        value=2.0,
                        note="Second visit to the region, including both capitals.",
                    ),
                    DemoEntry(observed_on=date(2026, 10, 31), value=2.0, note="No visit since the spring."),
                ),
            ),
            DemoBenchmark(
                title="Political engagement at the highest EU level",
                kind="scale",
                scale="EU progress",
                entries=(
                    DemoEntry(
                        observed_on=date(2025, 6, 30),
                        level="some progress",
                        note="Visible personal engagement by the High Representative.",
                    ),
                    DemoEntry(
                        observed_on=date(2025, 12, 31),
                        level="limited progress",
                        note="Attention shifted to other crises in the second half of the year.",
                    ),
                    DemoEntry(
                        observed_on=date(2026, 10, 31),
                        level="limited progress",
                        note="Engagement mostly delegated to the Special Representative.",
                    ),
                ),
            ),
        ),
    ),
    DemoRecommendation(
        code="EU-05",
        title="Drop “stabilitocracy”: own the dialogue politically, not just procedurally",
        text="The EU must stop managing tensions and start owning the process politically, not just procedurally.",
        source=OPED,
        locator='Section "Step up, act, and don’t trust autocrats", paragraph 5',
        theme="Dialogue & normalisation",
        actors=(("EU institutions", "lead"), ("EU member states", "supporting")),
        priority="medium",
        status="in_progress",
        issued_on=OPED_ISSUED,
        due_on=date(2027, 3, 31),
        tags=("stabilitocracy", "leadership"),
        benchmarks=(
            DemoBenchmark(
                title="Shift from crisis management to political ownership",
                kind="scale",
                scale="EU progress",
                entries=(
                    DemoEntry(
                        observed_on=date(2025, 9, 30),
                        level="limited progress",
                        note="EU statements still focus on calls for calm.",
                    ),
                    DemoEntry(
                        observed_on=date(2026, 3, 31),
                        level="some progress",
                        note="EU sets out its own proposals rather than only relaying positions.",
                    ),
                    DemoEntry(
                        observed_on=date(2026, 9, 30),
                        level="some progress",
                        note="No further change in approach since the spring.",
                    ),
                ),
            ),
            DemoBenchmark(
                title="EU public messaging names obstacles on both sides",
                kind="scale",
                scale="RAG",
                weight=0.5,
                entries=(
                    DemoEntry(
                        observed_on=date(2025, 9, 30),
                        level="amber",
                        note="Messaging remains even-handed to the point of vagueness.",
                    ),
                    DemoEntry(
                        observed_on=date(2026, 3, 31),
                        level="green",
                        note="Statements identify unmet obligations of each party.",
                    ),
                    DemoEntry(
                        observed_on=date(2026, 9, 30),
                        level="amber",
                        note="Messaging reverts to general appeals after new incidents.",
                    ),
                ),
            ),
        ),
    ),
    DemoRecommendation(
        code="EU-06",
        title="Anchor the dialogue to the enlargement agenda and work with EU capitals",
        text="Enlargement remains the EU’s strongest lever. The time is ripe to tightly anchor the dialogue to the enlargement agenda and work more strategically with EU capitals.",
        source=OPED,
        locator='Section "Use enlargement levers, show leadership", paragraph 1',
        theme="EU integration",
        actors=(
            ("European Commission", "lead"),
            ("EU member states", "supporting"),
            (EU_HR, "supporting"),
        ),
        priority="high",
        status="in_progress",
        issued_on=OPED_ISSUED,
        due_on=date(2026, 12, 31),
        tags=("enlargement", "capitals"),
        benchmarks=(
            DemoBenchmark(
                title="Weight of normalisation in both accession tracks",
                kind="scale",
                scale="EU progress",
                entries=(
                    DemoEntry(
                        observed_on=date(2025, 11, 5),
                        level="some progress",
                        note="Enlargement package gives normalisation more prominence than before.",
                    ),
                    DemoEntry(
                        observed_on=date(2026, 11, 4),
                        level="some progress",
                        note="No further change in how normalisation weighs on the accession tracks.",
                    ),
                ),
            ),
            DemoBenchmark(
                title="EU capitals taking part in coordinated démarches on the dialogue",
                kind="numeric",
                baseline=0.0,
                target=10.0,
                unit="countries",
                direction="increase",
                entries=(
                    DemoEntry(
                        observed_on=date(2025, 9, 30),
                        value=3.0,
                        note="A small group of capitals joins EU messaging in Belgrade and Pristina.",
                    ),
                    DemoEntry(
                        observed_on=date(2026, 3, 31),
                        value=6.0,
                        note="More capitals align their bilateral messages with the EU line.",
                    ),
                    DemoEntry(
                        observed_on=date(2026, 9, 30),
                        value=7.0,
                        note="One more member state joins the coordinated approach.",
                    ),
                ),
            ),
            DemoBenchmark(
                title="Dialogue commitments included in interim enlargement benchmarks",
                kind="milestone",
                entries=(
                    DemoEntry(
                        observed_on=date(2025, 11, 5),
                        achieved=False,
                        note="Dialogue commitments not yet reflected in the benchmarks.",
                    ),
                    DemoEntry(
                        observed_on=date(2026, 11, 4),
                        achieved=True,
                        note="Latest package ties interim benchmarks to implementation of dialogue commitments.",
                    ),
                ),
            ),
        ),
    ),
    DemoRecommendation(
        code="EU-07",
        title="Unlock member-state consensus on making the dialogue work",
        text="However, the goal is not recognition – it is about unlocking consensus on making this process work. Without that, the EU remains hostage to paralysis.",
        source=OPED,
        locator='Section "Use enlargement levers, show leadership", paragraph 5',
        theme="EU integration",
        actors=(("EU member states", "lead"), (EU_HR, "supporting")),
        priority="high",
        status="stalled",
        issued_on=OPED_ISSUED,
        due_on=date(2026, 6, 30),
        tags=("consensus", "council"),
        benchmarks=(
            DemoBenchmark(
                title="Council conclusions on the dialogue adopted by all member states",
                kind="milestone",
                weight=2.0,
                entries=(
                    DemoEntry(
                        observed_on=date(2025, 12, 16),
                        achieved=False,
                        note="Conclusions blocked; a presidency statement was issued instead.",
                    ),
                    DemoEntry(
                        observed_on=date(2026, 6, 25),
                        achieved=False,
                        note="Text again failed to win unanimity.",
                    ),
                ),
            ),
            DemoBenchmark(
                title="Non-recognising member states backing the EU's dialogue line",
                kind="numeric",
                baseline=0.0,
                target=5.0,
                unit="countries",
                direction="increase",
                entries=(
                    DemoEntry(
                        observed_on=date(2025, 12, 16),
                        value=2.0,
                        note="Two of the non-recognising member states support the common line.",
                    ),
                    DemoEntry(observed_on=date(2026, 6, 25), value=2.0, note="No change in positions."),
                    DemoEntry(
                        observed_on=date(2026, 10, 31),
                        value=1.0,
                        note="One member state withdraws its support after a change of government.",
                    ),
                ),
            ),
        ),
    ),
    DemoRecommendation(
        code="EU-08",
        title="Widen engagement to civil society, opposition groups and regional actors",
        text="However, by expanding engagement to civil society, opposition groups, and regional actors and offering phased, tangible benefits, the EU can rebuild its credibility and regain momentum.",
        source=OPED,
        locator='Section "Use enlargement levers, show leadership", paragraph 7',
        theme="Dialogue & normalisation",
        actors=((EU_SR, "lead"), ("Civil society", "supporting")),
        priority="medium",
        status="in_progress",
        issued_on=OPED_ISSUED,
        due_on=date(2026, 12, 31),
        tags=("inclusion", "outreach"),
        benchmarks=(
            DemoBenchmark(
                title="Structured consultations with civil society and opposition",
                kind="numeric",
                baseline=0.0,
                target=8.0,
                unit="meetings",
                direction="increase",
                entries=(
                    DemoEntry(
                        observed_on=date(2025, 9, 30),
                        value=2.0,
                        note="Two round tables held, one in each capital.",
                    ),
                    DemoEntry(
                        observed_on=date(2026, 3, 31),
                        value=4.0,
                        note="Consultations now include opposition parties.",
                    ),
                    DemoEntry(
                        observed_on=date(2026, 9, 30),
                        value=6.0,
                        note="Regular format emerging; two more meetings held.",
                    ),
                ),
            ),
            DemoBenchmark(
                title="Regional actors included in dialogue outreach",
                kind="scale",
                scale="RAG",
                entries=(
                    DemoEntry(
                        observed_on=date(2025, 9, 30),
                        level="red",
                        note="Outreach limited to Belgrade and Pristina.",
                    ),
                    DemoEntry(
                        observed_on=date(2026, 3, 31),
                        level="amber",
                        note="Neighbouring governments briefed on the dialogue.",
                    ),
                    DemoEntry(
                        observed_on=date(2026, 9, 30),
                        level="amber",
                        note="Briefings continue but without a standing format.",
                    ),
                ),
            ),
            DemoBenchmark(
                title="Civil society consultation mechanism set up",
                kind="milestone",
                weight=0.5,
                entries=(
                    DemoEntry(
                        observed_on=date(2026, 3, 31),
                        achieved=True,
                        note="A standing consultation mechanism has been announced and has met once.",
                    ),
                ),
            ),
        ),
    ),
    DemoRecommendation(
        code="EU-09",
        title="Offer phased, tangible benefits for progress in the dialogue",
        text="However, by expanding engagement to civil society, opposition groups, and regional actors and offering phased, tangible benefits, the EU can rebuild its credibility and regain momentum.",
        source=OPED,
        locator='Section "Use enlargement levers, show leadership", paragraph 7',
        theme="EU integration",
        actors=(("European Commission", "lead"), ("EU member states", "supporting")),
        priority="medium",
        status="proposed",
        issued_on=OPED_ISSUED,
        due_on=date(2027, 6, 30),
        tags=("incentives", "benefits"),
        benchmarks=(
            DemoBenchmark(
                title="Package of phased benefits tied to dialogue steps presented",
                kind="milestone",
            ),
            DemoBenchmark(
                title="EU funding released in dialogue-linked tranches",
                kind="numeric",
                baseline=0.0,
                target=100.0,
                unit="EUR m",
                direction="increase",
                entries=(
                    DemoEntry(
                        observed_on=date(2026, 6, 30),
                        value=0.0,
                        note="No dialogue-linked tranche has been defined yet.",
                    ),
                ),
            ),
        ),
    ),
    DemoRecommendation(
        code="EU-10",
        title="Act before another flare-up in northern Kosovo securitises the dialogue",
        text="Another flare-up in northern Kosovo would only increase reliance on NATO and further securitise the dialogue. The EU must act before the crisis spirals.",
        source=OPED,
        locator='Section "Time to take the dialogue seriously", paragraph 7',
        theme="Security",
        actors=(
            (EU_HR, "lead"),
            ("NATO/KFOR", "consulted"),
            ("Kosovo Serb community leaders", "consulted"),
        ),
        priority="high",
        status="in_progress",
        issued_on=OPED_ISSUED,
        due_on=date(2025, 12, 31),
        tags=("north", "de-escalation"),
        benchmarks=(
            DemoBenchmark(
                title="Serious security incidents in northern Kosovo per quarter",
                kind="numeric",
                baseline=6.0,
                target=0.0,
                unit="incidents",
                direction="decrease",
                weight=2.0,
                entries=(
                    DemoEntry(
                        observed_on=date(2025, 6, 30),
                        value=4.0,
                        note="Several incidents around municipal buildings and border crossings.",
                    ),
                    DemoEntry(
                        observed_on=date(2025, 9, 30),
                        value=3.0,
                        note="Calmer quarter, though tensions remain high.",
                    ),
                    DemoEntry(
                        observed_on=date(2025, 12, 31),
                        value=2.0,
                        note="Fewest incidents recorded since monitoring began.",
                    ),
                    DemoEntry(
                        observed_on=date(2026, 3, 31),
                        value=5.0,
                        note="Renewed incidents after disputed administrative steps in the north.",
                    ),
                    DemoEntry(
                        observed_on=date(2026, 9, 30),
                        value=3.0,
                        note="Situation eases again but remains fragile.",
                    ),
                ),
            ),
            DemoBenchmark(
                title="EU de-escalation plan for the north agreed with both parties",
                kind="milestone",
                entries=(
                    DemoEntry(
                        observed_on=date(2025, 9, 30),
                        achieved=False,
                        note="EU presents ideas informally; no agreed plan.",
                    ),
                    DemoEntry(
                        observed_on=date(2026, 3, 31),
                        achieved=False,
                        note="Plan overtaken by new incidents.",
                    ),
                    DemoEntry(
                        observed_on=date(2026, 9, 30),
                        achieved=False,
                        note="Neither party has endorsed a plan.",
                    ),
                ),
            ),
            DemoBenchmark(
                title="Risk of escalation in the north",
                kind="scale",
                scale="RAG",
                entries=(
                    DemoEntry(observed_on=date(2025, 6, 30), level="amber", note="Tense but contained."),
                    DemoEntry(
                        observed_on=date(2026, 3, 31),
                        level="red",
                        note="Monitors warn of a serious risk of escalation.",
                    ),
                    DemoEntry(
                        observed_on=date(2026, 9, 30),
                        level="amber",
                        note="Risk reduced after KFOR and EU engagement on the ground.",
                    ),
                ),
            ),
        ),
    ),
    # ------------------------------------------------------------------
    # 001 — Explainer: pillars of Kosovo's foreign policy
    # ------------------------------------------------------------------
    DemoRecommendation(
        code="FP-01",
        title="Pursue international recognition and consolidate statehood",
        text="First and foremost, there's the pursuit of international recognition and consolidation of statehood.",
        source=EXPLAINER,
        locator='Section "The Core Pillars of Kosovo\'s Foreign Policy", paragraph 1',
        theme="Recognition & diplomacy",
        actors=(("Government of Kosovo", "lead"), ("US Government", "supporting")),
        priority="medium",
        status="in_progress",
        issued_on=EXPLAINER_ISSUED,
        due_on=date(2026, 12, 31),
        tags=("recognition", "statehood"),
        benchmarks=(
            DemoBenchmark(
                title="New recognitions secured",
                kind="numeric",
                baseline=0.0,
                target=5.0,
                unit="countries",
                direction="increase",
                entries=(
                    DemoEntry(
                        observed_on=date(2024, 6, 30),
                        value=0.0,
                        note="No new recognition in the first half of the year.",
                    ),
                    DemoEntry(
                        observed_on=date(2024, 12, 31),
                        value=1.0,
                        note="One additional recognition announced.",
                    ),
                    DemoEntry(
                        observed_on=date(2025, 6, 30),
                        value=1.0,
                        note="No further recognitions; outreach continues.",
                    ),
                    DemoEntry(
                        observed_on=date(2025, 12, 31),
                        value=1.0,
                        note="Recognition drive slowed during the domestic political standstill.",
                    ),
                    DemoEntry(
                        observed_on=date(2026, 9, 30),
                        value=2.0,
                        note="A second recognition secured during the monitoring period.",
                    ),
                ),
            ),
            DemoBenchmark(
                title="Membership of a further international organisation obtained",
                kind="milestone",
                entries=(
                    DemoEntry(
                        observed_on=date(2024, 12, 31),
                        achieved=False,
                        note="Application pending; vote not yet scheduled.",
                    ),
                    DemoEntry(
                        observed_on=date(2025, 12, 31),
                        achieved=False,
                        note="Application still pending.",
                    ),
                    DemoEntry(observed_on=date(2026, 9, 30), achieved=False, note="No vote held."),
                ),
            ),
            DemoBenchmark(
                title="Momentum of the recognition campaign",
                kind="scale",
                scale="RAG",
                weight=0.5,
                entries=(
                    DemoEntry(
                        observed_on=date(2024, 6, 30),
                        level="amber",
                        note="Steady outreach with few results.",
                    ),
                    DemoEntry(
                        observed_on=date(2025, 6, 30),
                        level="amber",
                        note="Diplomatic activity reduced by the caretaker period.",
                    ),
                    DemoEntry(
                        observed_on=date(2026, 6, 30),
                        level="green",
                        note="Renewed outreach with active support from partners.",
                    ),
                ),
            ),
        ),
    ),
    DemoRecommendation(
        code="FP-02",
        title="Align Kosovo's laws and standards with the EU and meet membership criteria",
        text="Kosovo sees its future firmly within the European Union and NATO. This means aligning its laws and standards with those of the EU and meeting the criteria for membership.",
        source=EXPLAINER,
        locator='Section "The Core Pillars of Kosovo\'s Foreign Policy", paragraph 2',
        theme="EU integration",
        actors=(("Government of Kosovo", "lead"), ("European Commission", "supporting")),
        priority="high",
        status="partially_implemented",
        issued_on=EXPLAINER_ISSUED,
        due_on=date(2026, 6, 30),
        tags=("acquis", "alignment"),
        benchmarks=(
            DemoBenchmark(
                title="Overall preparation for the EU acquis",
                kind="scale",
                scale="EU preparation",
                weight=2.0,
                entries=(
                    DemoEntry(
                        observed_on=date(2024, 10, 30),
                        level="some level of preparation",
                        note="Commission assessment unchanged from the previous year.",
                    ),
                    DemoEntry(
                        observed_on=date(2025, 11, 4),
                        level="some level of preparation",
                        note="Little movement while the new legislature was being formed.",
                    ),
                    DemoEntry(
                        observed_on=date(2026, 11, 4),
                        level="moderately prepared",
                        note="Commission notes improved preparation in several chapters.",
                    ),
                ),
            ),
            DemoBenchmark(
                title="Progress on legislative alignment in the past year",
                kind="scale",
                scale="EU progress",
                entries=(
                    DemoEntry(
                        observed_on=date(2024, 10, 30),
                        level="limited progress",
                        note="A few alignment laws adopted; many drafts pending.",
                    ),
                    DemoEntry(
                        observed_on=date(2025, 11, 4),
                        level="no progress",
                        note="Institutional standstill blocked legislative work for most of the year.",
                    ),
                    DemoEntry(
                        observed_on=date(2026, 11, 4),
                        level="some progress",
                        note="Legislative work resumed and a backlog of alignment laws was adopted.",
                    ),
                ),
            ),
            DemoBenchmark(
                title="National alignment programme measures adopted",
                kind="numeric",
                baseline=0.0,
                target=100.0,
                unit="%",
                direction="increase",
                entries=(
                    DemoEntry(
                        observed_on=date(2024, 12, 31),
                        value=35.0,
                        note="About a third of planned measures adopted.",
                    ),
                    DemoEntry(
                        observed_on=date(2025, 6, 30),
                        value=41.0,
                        note="Slow progress during the election period.",
                    ),
                    DemoEntry(
                        observed_on=date(2025, 12, 31),
                        value=43.0,
                        note="Only a handful of measures adopted in the second half of the year.",
                    ),
                    DemoEntry(
                        observed_on=date(2026, 6, 30),
                        value=58.0,
                        note="Marked acceleration after the new government took office.",
                    ),
                    DemoEntry(
                        observed_on=date(2026, 10, 31),
                        value=62.0,
                        note="Steady progress; several measures still overdue.",
                    ),
                ),
            ),
        ),
    ),
    DemoRecommendation(
        code="FP-03",
        title="Pursue NATO integration and contribute to collective security",
        text="For NATO, it's about contributing to collective security and benefiting from the alliance's protection.",
        source=EXPLAINER,
        locator='Section "The Core Pillars of Kosovo\'s Foreign Policy", paragraph 2',
        theme="Security",
        actors=(
            ("Government of Kosovo", "lead"),
            ("US Government", "supporting"),
            ("NATO/KFOR", "consulted"),
        ),
        priority="medium",
        status="stalled",
        issued_on=EXPLAINER_ISSUED,
        due_on=date(2026, 12, 31),
        tags=("nato", "defence"),
        benchmarks=(
            DemoBenchmark(
                title="Partnership with NATO formally opened",
                kind="milestone",
                weight=2.0,
                entries=(
                    DemoEntry(
                        observed_on=date(2024, 6, 30),
                        achieved=False,
                        note="Application blocked by allies that do not recognise Kosovo.",
                    ),
                    DemoEntry(
                        observed_on=date(2025, 6, 30),
                        achieved=False,
                        note="No change in allies' positions.",
                    ),
                    DemoEntry(
                        observed_on=date(2026, 6, 30),
                        achieved=False,
                        note="Still blocked; no discussion scheduled.",
                    ),
                ),
            ),
            DemoBenchmark(
                title="Security forces' alignment with NATO standards",
                kind="scale",
                scale="RAG",
                entries=(
                    DemoEntry(
                        observed_on=date(2024, 6, 30),
                        level="amber",
                        note="Training with allied forces continues; formal framework missing.",
                    ),
                    DemoEntry(
                        observed_on=date(2025, 6, 30),
                        level="amber",
                        note="Some capability gains but no change in status.",
                    ),
                    DemoEntry(
                        observed_on=date(2026, 6, 30),
                        level="amber",
                        note="Progress on standards offset by the political blockage.",
                    ),
                ),
            ),
        ),
    ),
    DemoRecommendation(
        code="FP-04",
        title="Show demonstrable progress on good governance and the fight against corruption",
        text="The process involves rigorous assessments, legislative reforms, and demonstrable progress in areas such as good governance and the fight against corruption.",
        source=EXPLAINER,
        locator='Section "The Core Pillars of Kosovo\'s Foreign Policy", paragraph 2',
        theme="Governance & rule of law",
        actors=(("Government of Kosovo", "lead"), ("Civil society", "consulted")),
        priority="high",
        status="in_progress",
        issued_on=EXPLAINER_ISSUED,
        due_on=date(2027, 6, 30),
        tags=("corruption", "governance"),
        benchmarks=(
            DemoBenchmark(
                title="Preparation in the fight against corruption",
                kind="scale",
                scale="EU preparation",
                entries=(
                    DemoEntry(
                        observed_on=date(2024, 10, 30),
                        level="some level of preparation",
                        note="Institutional framework in place; enforcement weak.",
                    ),
                    DemoEntry(
                        observed_on=date(2025, 11, 4),
                        level="some level of preparation",
                        note="No change in the overall assessment.",
                    ),
                    DemoEntry(
                        observed_on=date(2026, 11, 4),
                        level="some level of preparation",
                        note="Assessment unchanged for a third year.",
                    ),
                ),
            ),
            DemoBenchmark(
                title="Progress in the fight against corruption",
                kind="scale",
                scale="EU progress",
                entries=(
                    DemoEntry(
                        observed_on=date(2024, 10, 30),
                        level="some progress",
                        note="New asset-declaration checks introduced.",
                    ),
                    DemoEntry(
                        observed_on=date(2025, 11, 4),
                        level="limited progress",
                        note="Reforms slowed during the political standstill.",
                    ),
                    DemoEntry(
                        observed_on=date(2026, 11, 4),
                        level="some progress",
                        note="Prosecution of high-level cases picked up again.",
                    ),
                ),
            ),
            DemoBenchmark(
                title="Final convictions in high-level corruption cases",
                kind="numeric",
                baseline=2.0,
                target=10.0,
                unit="cases",
                direction="increase",
                entries=(
                    DemoEntry(
                        observed_on=date(2024, 12, 31),
                        value=3.0,
                        note="One additional final conviction this year.",
                    ),
                    DemoEntry(
                        observed_on=date(2025, 12, 31),
                        value=4.0,
                        note="Track record improving slowly.",
                    ),
                    DemoEntry(
                        observed_on=date(2026, 10, 31),
                        value=6.0,
                        note="Two more final convictions recorded.",
                    ),
                ),
            ),
        ),
    ),
    DemoRecommendation(
        code="FP-05",
        title="Be a constructive regional partner on trade, infrastructure and security",
        text="Finally, regional cooperation and good neighborly relations are super important. Kosovo wants to be a constructive partner in the Western Balkans. This means working with its neighbors on issues like trade, infrastructure, and security.",
        source=EXPLAINER,
        locator='Section "The Core Pillars of Kosovo\'s Foreign Policy", paragraph 3',
        theme="Regional cooperation",
        actors=(("Government of Kosovo", "lead"), ("EU institutions", "supporting")),
        priority="medium",
        status="in_progress",
        issued_on=EXPLAINER_ISSUED,
        due_on=date(2026, 12, 31),
        tags=("region", "trade"),
        benchmarks=(
            DemoBenchmark(
                title="Participation in regional initiatives and forums",
                kind="scale",
                scale="RAG",
                entries=(
                    DemoEntry(
                        observed_on=date(2024, 6, 30),
                        level="green",
                        note="Active in all main regional formats.",
                    ),
                    DemoEntry(
                        observed_on=date(2025, 6, 30),
                        level="green",
                        note="Participation maintained.",
                    ),
                    DemoEntry(
                        observed_on=date(2026, 6, 30),
                        level="amber",
                        note="Disputes over representation kept Kosovo out of two regional meetings.",
                    ),
                ),
            ),
            DemoBenchmark(
                title="Regional mobility and trade agreements ratified",
                kind="numeric",
                baseline=0.0,
                target=4.0,
                unit="agreements",
                direction="increase",
                entries=(
                    DemoEntry(
                        observed_on=date(2024, 12, 31),
                        value=1.0,
                        note="One regional mobility agreement ratified.",
                    ),
                    DemoEntry(
                        observed_on=date(2025, 12, 31),
                        value=2.0,
                        note="A second agreement ratified after delays.",
                    ),
                    DemoEntry(
                        observed_on=date(2026, 9, 30),
                        value=3.0,
                        note="Third agreement ratified; one remains pending.",
                    ),
                ),
            ),
            DemoBenchmark(
                title="Restrictions on goods trade with neighbours lifted",
                kind="milestone",
                entries=(
                    DemoEntry(
                        observed_on=date(2024, 6, 30),
                        achieved=False,
                        note="Restrictions on goods from one neighbour remain in force.",
                    ),
                    DemoEntry(observed_on=date(2025, 6, 30), achieved=False, note="No change."),
                    DemoEntry(
                        observed_on=date(2026, 6, 30),
                        achieved=False,
                        note="Partial easing discussed but not agreed.",
                    ),
                ),
            ),
        ),
    ),
    DemoRecommendation(
        code="FP-06",
        title="Reach a comprehensive, mutually acceptable agreement with Serbia",
        text="Achieving a comprehensive and mutually acceptable agreement would significantly boost Kosovo's international standing and unlock further integration opportunities.",
        source=EXPLAINER,
        locator='Section "Key Challenges and Opportunities", paragraph 1',
        theme="Dialogue & normalisation",
        actors=(
            ("Government of Kosovo", "lead"),
            ("Government of Serbia", "supporting"),
            (EU_SR, "consulted"),
        ),
        priority="high",
        status="stalled",
        issued_on=EXPLAINER_ISSUED,
        due_on=date(2025, 12, 31),
        tags=("normalisation", "serbia"),
        benchmarks=(
            DemoBenchmark(
                title="Comprehensive normalisation agreement signed",
                kind="milestone",
                weight=2.0,
                entries=(
                    DemoEntry(
                        observed_on=date(2024, 12, 31),
                        achieved=False,
                        note="No negotiations on a comprehensive agreement under way.",
                    ),
                    DemoEntry(
                        observed_on=date(2025, 12, 31),
                        achieved=False,
                        note="Parties remain far apart.",
                    ),
                    DemoEntry(
                        observed_on=date(2026, 10, 31),
                        achieved=False,
                        note="No agreement in sight.",
                    ),
                ),
            ),
            DemoBenchmark(
                title="Normalisation of relations",
                kind="scale",
                scale="EU progress",
                entries=(
                    DemoEntry(
                        observed_on=date(2024, 10, 30),
                        level="limited progress",
                        note="Some technical arrangements implemented; political track stuck.",
                    ),
                    DemoEntry(
                        observed_on=date(2025, 11, 4),
                        level="no progress",
                        note="Dialogue largely frozen throughout the year.",
                    ),
                    DemoEntry(
                        observed_on=date(2026, 11, 4),
                        level="no progress",
                        note="Assessment unchanged.",
                    ),
                ),
            ),
            DemoBenchmark(
                title="Implementation of past dialogue agreements",
                kind="scale",
                scale="Implementation",
                entries=(
                    DemoEntry(
                        observed_on=date(2024, 6, 30),
                        level="partially implemented",
                        note="Several earlier agreements implemented only in part.",
                    ),
                    DemoEntry(
                        observed_on=date(2025, 6, 30),
                        level="partially implemented",
                        note="No further implementation steps.",
                    ),
                    DemoEntry(
                        observed_on=date(2026, 6, 30),
                        level="partially implemented",
                        note="Implementation stalled on both sides.",
                    ),
                ),
            ),
        ),
    ),
    # ------------------------------------------------------------------
    # 002 — News: US and NATO on the crisis in northern Kosovo
    # ------------------------------------------------------------------
    DemoRecommendation(
        code="NK-01",
        title="Withdraw police formations from municipal buildings in the north",
        text="The discussions also touched on the conduct of security forces, with calls for the withdrawal of police formations from municipal buildings to reduce the risk of clashes and to create conditions favorable for dialogue.",
        source=NEWS,
        locator="Paragraph 3",
        theme="Security",
        actors=(
            ("Kosovo Police", "lead"),
            ("Government of Kosovo", "supporting"),
            ("US Government", "consulted"),
        ),
        priority="high",
        status="partially_implemented",
        issued_on=NEWS_ISSUED,
        due_on=date(2023, 12, 31),
        tags=("police", "north"),
        benchmarks=(
            DemoBenchmark(
                title="Municipal buildings with police formations stationed",
                kind="numeric",
                baseline=4.0,
                target=0.0,
                unit="buildings",
                direction="decrease",
                weight=2.0,
                entries=(
                    DemoEntry(
                        observed_on=date(2023, 7, 31),
                        value=4.0,
                        note="Police formations still present at all four municipal buildings.",
                    ),
                    DemoEntry(
                        observed_on=date(2023, 12, 31),
                        value=3.0,
                        note="Presence reduced at one building.",
                    ),
                    DemoEntry(
                        observed_on=date(2024, 6, 30),
                        value=2.0,
                        note="Further drawdown at a second building.",
                    ),
                    DemoEntry(
                        observed_on=date(2025, 3, 31),
                        value=2.0,
                        note="No change; authorities cite security concerns.",
                    ),
                    DemoEntry(
                        observed_on=date(2025, 9, 30),
                        value=1.0,
                        note="Special units withdrawn from one more building.",
                    ),
                    DemoEntry(
                        observed_on=date(2026, 6, 30),
                        value=1.0,
                        note="One building still guarded by police formations.",
                    ),
                ),
            ),
            DemoBenchmark(
                title="Police posture around municipal buildings",
                kind="scale",
                scale="RAG",
                entries=(
                    DemoEntry(
                        observed_on=date(2023, 7, 31),
                        level="red",
                        note="Heavy police presence and regular confrontations.",
                    ),
                    DemoEntry(
                        observed_on=date(2024, 6, 30),
                        level="amber",
                        note="Fewer confrontations; presence still visible.",
                    ),
                    DemoEntry(
                        observed_on=date(2025, 9, 30),
                        level="amber",
                        note="Drawdown continues slowly.",
                    ),
                    DemoEntry(
                        observed_on=date(2026, 6, 30),
                        level="green",
                        note="Regular policing has largely replaced special units.",
                    ),
                ),
            ),
            DemoBenchmark(
                title="Municipal buildings returned to ordinary civilian use",
                kind="milestone",
                entries=(
                    DemoEntry(
                        observed_on=date(2024, 6, 30),
                        achieved=False,
                        note="Buildings still operating under police protection.",
                    ),
                    DemoEntry(
                        observed_on=date(2026, 6, 30),
                        achieved=False,
                        note="Most buildings back in normal use, one still not.",
                    ),
                ),
            ),
        ),
    ),
    DemoRecommendation(
        code="NK-02",
        title="Avoid provocative steps such as taking control of town halls",
        text="In comments that underscored the seriousness of the moment, high-level US diplomacy attributed the flare-up to the Kosovo government’s move to secure control of town halls, arguing that such steps should be avoided during an already precarious phase.",
        source=NEWS,
        locator="Paragraph 2",
        theme="Governance & rule of law",
        actors=(
            ("Government of Kosovo", "lead"),
            ("Kosovo Serb community leaders", "consulted"),
            ("US Government", "consulted"),
        ),
        priority="medium",
        status="implemented",
        issued_on=NEWS_ISSUED,
        due_on=date(2024, 6, 30),
        tags=("restraint", "north"),
        benchmarks=(
            DemoBenchmark(
                title="Restraint in unilateral actions in the north",
                kind="scale",
                scale="RAG",
                entries=(
                    DemoEntry(
                        observed_on=date(2023, 7, 31),
                        level="amber",
                        note="No new takeovers, but earlier steps not reversed.",
                    ),
                    DemoEntry(
                        observed_on=date(2024, 3, 31),
                        level="red",
                        note="New unilateral administrative measures raise tensions again.",
                    ),
                    DemoEntry(
                        observed_on=date(2024, 12, 31),
                        level="amber",
                        note="Fewer unilateral steps; closer consultation with partners.",
                    ),
                    DemoEntry(
                        observed_on=date(2025, 12, 31),
                        level="amber",
                        note="Mixed record over the year.",
                    ),
                    DemoEntry(
                        observed_on=date(2026, 9, 30),
                        level="green",
                        note="Changes in the north now coordinated with partners in advance.",
                    ),
                ),
            ),
            DemoBenchmark(
                title="New local elections held in the northern municipalities",
                kind="milestone",
                entries=(
                    DemoEntry(
                        observed_on=date(2023, 12, 31),
                        achieved=False,
                        note="No agreement on the conditions for new elections.",
                    ),
                    DemoEntry(
                        observed_on=date(2024, 6, 30),
                        achieved=False,
                        note="Procedure to replace the mayors did not produce a result.",
                    ),
                    DemoEntry(
                        observed_on=date(2025, 11, 15),
                        achieved=True,
                        note="Local elections held; newly elected mayors took office.",
                    ),
                ),
            ),
        ),
    ),
    DemoRecommendation(
        code="NK-03",
        title="Serbia to exercise restraint and lower its armed forces' threat posture",
        text="On the other side of the spectrum, Washington appealed to Belgrade to exercise restraint and to lower the threat posture of the Serbian armed forces.",
        source=NEWS,
        locator="Paragraph 4",
        theme="Security",
        actors=(
            ("Government of Serbia", "lead"),
            ("US Government", "consulted"),
            ("NATO/KFOR", "consulted"),
        ),
        priority="high",
        status="in_progress",
        issued_on=NEWS_ISSUED,
        due_on=date(2024, 6, 30),
        tags=("serbia", "military"),
        benchmarks=(
            DemoBenchmark(
                title="Serbian troops at raised readiness near the boundary (estimate)",
                kind="numeric",
                baseline=4000.0,
                target=1000.0,
                unit="troops",
                direction="decrease",
                weight=2.0,
                entries=(
                    DemoEntry(
                        observed_on=date(2023, 7, 31),
                        value=3500.0,
                        note="Limited drawdown after international appeals.",
                    ),
                    DemoEntry(
                        observed_on=date(2023, 12, 31),
                        value=2500.0,
                        note="Further units returned to barracks.",
                    ),
                    DemoEntry(
                        observed_on=date(2024, 6, 30),
                        value=1800.0,
                        note="Readiness lowered to near routine levels.",
                    ),
                    DemoEntry(
                        observed_on=date(2025, 6, 30),
                        value=2600.0,
                        note="Troop numbers near the boundary rise again amid renewed tensions.",
                    ),
                    DemoEntry(
                        observed_on=date(2026, 6, 30),
                        value=2200.0,
                        note="Slight reduction, still above last year's low.",
                    ),
                ),
            ),
            DemoBenchmark(
                title="Threat posture of the Serbian armed forces",
                kind="scale",
                scale="RAG",
                entries=(
                    DemoEntry(
                        observed_on=date(2023, 7, 31),
                        level="red",
                        note="Heightened combat readiness maintained.",
                    ),
                    DemoEntry(
                        observed_on=date(2024, 6, 30),
                        level="amber",
                        note="Posture eased; rhetoric remains confrontational.",
                    ),
                    DemoEntry(
                        observed_on=date(2025, 6, 30),
                        level="red",
                        note="Large exercises close to the boundary revive concerns.",
                    ),
                    DemoEntry(
                        observed_on=date(2026, 6, 30),
                        level="amber",
                        note="Posture eased again after diplomatic contacts.",
                    ),
                ),
            ),
        ),
    ),
    DemoRecommendation(
        code="NK-04",
        title="Serbian authorities to urge Kosovo Serbs to stop blocking KFOR",
        text="The message to President Aleksandar Vučić emphasized the importance of maintaining a calm security environment and called for Serbian authorities to urge Kosovo Serbs to stop blocking international missions, such as the peacekeeping force, and to refrain from actions that could spark new violence.",
        source=NEWS,
        locator="Paragraph 4",
        theme="Security",
        actors=(
            ("Government of Serbia", "lead"),
            ("Kosovo Serb community leaders", "supporting"),
            ("NATO/KFOR", "consulted"),
        ),
        priority="high",
        status="implemented",
        issued_on=NEWS_ISSUED,
        due_on=date(2023, 9, 30),
        tags=("kfor", "movement"),
        benchmarks=(
            DemoBenchmark(
                title="Roadblocks obstructing KFOR movement",
                kind="numeric",
                baseline=10.0,
                target=0.0,
                unit="roadblocks",
                direction="decrease",
                entries=(
                    DemoEntry(
                        observed_on=date(2023, 6, 15),
                        value=6.0,
                        note="Some roadblocks removed after the appeals.",
                    ),
                    DemoEntry(
                        observed_on=date(2023, 7, 31),
                        value=2.0,
                        note="Most roadblocks cleared; two remain.",
                    ),
                    DemoEntry(observed_on=date(2023, 10, 31), value=0.0, note="No roadblocks reported."),
                    DemoEntry(
                        observed_on=date(2024, 6, 30),
                        value=0.0,
                        note="KFOR reports free movement throughout the north.",
                    ),
                ),
            ),
            DemoBenchmark(
                title="Public call by Serbian authorities to end obstruction of KFOR",
                kind="milestone",
                entries=(
                    DemoEntry(
                        observed_on=date(2023, 6, 15),
                        achieved=True,
                        note="Serbian officials publicly called for calm and for KFOR's work not to be obstructed.",
                    ),
                ),
            ),
            DemoBenchmark(
                title="KFOR freedom of movement restored",
                kind="scale",
                scale="Implementation",
                entries=(
                    DemoEntry(
                        observed_on=date(2023, 7, 31),
                        level="partially implemented",
                        note="Movement restricted on some routes.",
                    ),
                    DemoEntry(
                        observed_on=date(2023, 12, 31),
                        level="fully implemented",
                        note="Full freedom of movement reported.",
                    ),
                    DemoEntry(
                        observed_on=date(2024, 12, 31),
                        level="fully implemented",
                        note="No obstruction reported during the year.",
                    ),
                ),
            ),
        ),
    ),
    DemoRecommendation(
        code="NK-05",
        title="Both sides to return to the EU-facilitated dialogue",
        text="Both sides were urged to return to the negotiating table under the umbrella of the European Union, with a focus on normalizing relations and addressing the concerns of all communities in the region.",
        source=NEWS,
        locator="Paragraph 5",
        theme="Dialogue & normalisation",
        actors=(
            (EU_SR, "lead"),
            ("Government of Kosovo", "supporting"),
            ("Government of Serbia", "supporting"),
        ),
        priority="high",
        status="stalled",
        issued_on=NEWS_ISSUED,
        due_on=date(2024, 12, 31),
        tags=("dialogue", "normalisation"),
        benchmarks=(
            DemoBenchmark(
                title="High-level dialogue meetings in Brussels since the crisis",
                kind="numeric",
                baseline=0.0,
                target=6.0,
                unit="meetings",
                direction="increase",
                entries=(
                    DemoEntry(
                        observed_on=date(2023, 9, 30),
                        value=1.0,
                        note="One high-level meeting, which ended without results.",
                    ),
                    DemoEntry(observed_on=date(2023, 12, 31), value=1.0, note="No further meeting."),
                    DemoEntry(
                        observed_on=date(2024, 6, 30),
                        value=1.0,
                        note="Contacts limited to chief negotiators.",
                    ),
                    DemoEntry(
                        observed_on=date(2024, 12, 31),
                        value=1.0,
                        note="No high-level meeting during the year.",
                    ),
                    DemoEntry(
                        observed_on=date(2025, 12, 31),
                        value=2.0,
                        note="One high-level meeting after a long pause.",
                    ),
                    DemoEntry(
                        observed_on=date(2026, 9, 30),
                        value=2.0,
                        note="No meeting so far this year.",
                    ),
                ),
            ),
            DemoBenchmark(
                title="Engagement of both parties in the dialogue",
                kind="scale",
                scale="EU progress",
                entries=(
                    DemoEntry(
                        observed_on=date(2023, 12, 31),
                        level="limited progress",
                        note="Parties attend meetings but do not engage on substance.",
                    ),
                    DemoEntry(
                        observed_on=date(2024, 10, 30),
                        level="no progress",
                        note="Dialogue largely limited to crisis management.",
                    ),
                    DemoEntry(
                        observed_on=date(2025, 11, 4),
                        level="no progress",
                        note="No substantive engagement.",
                    ),
                    DemoEntry(
                        observed_on=date(2026, 11, 4),
                        level="limited progress",
                        note="Some technical talks resumed.",
                    ),
                ),
            ),
            DemoBenchmark(
                title="Dialogue resumed at leaders' level",
                kind="milestone",
                entries=(
                    DemoEntry(
                        observed_on=date(2024, 6, 30),
                        achieved=False,
                        note="Leaders have not met under EU auspices.",
                    ),
                    DemoEntry(observed_on=date(2025, 6, 30), achieved=False, note="No leaders' meeting."),
                    DemoEntry(
                        observed_on=date(2026, 6, 30),
                        achieved=False,
                        note="No leaders' meeting scheduled.",
                    ),
                ),
            ),
        ),
    ),
    DemoRecommendation(
        code="NK-06",
        title="NATO to deploy 700 more troops and ready a further battalion",
        text="The alliance announced the deployment of an additional seven hundred troops to the region, with contingency plans to prepare another battalion for rapid deployment if circumstances necessitate it.",
        source=NEWS,
        locator="Paragraph 6",
        theme="Security",
        actors=(("NATO/KFOR", "lead"), ("US Government", "supporting")),
        priority="high",
        status="implemented",
        issued_on=NEWS_ISSUED,
        due_on=date(2023, 6, 30),
        tags=("kfor", "deterrence"),
        benchmarks=(
            DemoBenchmark(
                title="Additional troops deployed to KFOR",
                kind="milestone",
                entries=(
                    DemoEntry(
                        observed_on=date(2023, 6, 15),
                        achieved=True,
                        note="Reinforcements arrived in theatre.",
                    ),
                ),
            ),
            DemoBenchmark(
                title="Further battalion placed on readiness",
                kind="milestone",
                weight=0.5,
                entries=(
                    DemoEntry(
                        observed_on=date(2023, 6, 15),
                        achieved=True,
                        note="Reserve battalion placed on high readiness.",
                    ),
                ),
            ),
            DemoBenchmark(
                title="Reinforcement troops in theatre",
                kind="numeric",
                baseline=0.0,
                target=700.0,
                unit="troops",
                direction="increase",
                entries=(
                    DemoEntry(
                        observed_on=date(2023, 6, 15),
                        value=500.0,
                        note="First contingents deployed.",
                    ),
                    DemoEntry(
                        observed_on=date(2023, 7, 31),
                        value=700.0,
                        note="Full reinforcement in place.",
                    ),
                    DemoEntry(observed_on=date(2024, 6, 30), value=700.0, note="Reinforcement maintained."),
                    DemoEntry(
                        observed_on=date(2025, 6, 30),
                        value=700.0,
                        note="Reinforced strength kept under regular review.",
                    ),
                ),
            ),
        ),
    ),
    # ------------------------------------------------------------------
    # 003 — Analysis: Kosovo–US relations, from protégé to partner
    # ------------------------------------------------------------------
    DemoRecommendation(
        code="US-01",
        title="Establish annual US–Kosovo bilateral strategic dialogues",
        text="This includes establishing annual bilateral strategic dialogues focused not only on security cooperation but also on economic development, digital transformation, and regional integration.",
        source=ANALYSIS,
        locator='Section "Policy Recommendations for Sustained Strategic Engagement", paragraph 1',
        theme="Recognition & diplomacy",
        actors=(("US Government", "lead"), ("Government of Kosovo", "supporting")),
        priority="high",
        status="in_progress",
        issued_on=ANALYSIS_ISSUED,
        due_on=date(2026, 3, 31),
        tags=("dialogue", "bilateral"),
        benchmarks=(
            DemoBenchmark(
                title="Strategic dialogue rounds held",
                kind="numeric",
                baseline=0.0,
                target=2.0,
                unit="meetings",
                direction="increase",
                weight=2.0,
                entries=(
                    DemoEntry(
                        observed_on=date(2025, 9, 30),
                        value=0.0,
                        note="No date set for a first round.",
                    ),
                    DemoEntry(
                        observed_on=date(2026, 3, 31),
                        value=1.0,
                        note="First round held, covering security and economic tracks.",
                    ),
                    DemoEntry(
                        observed_on=date(2026, 10, 31),
                        value=1.0,
                        note="Second round not yet scheduled.",
                    ),
                ),
            ),
            DemoBenchmark(
                title="Dialogue agenda covers economy, digital transformation and regional integration",
                kind="milestone",
                entries=(
                    DemoEntry(
                        observed_on=date(2026, 3, 31),
                        achieved=True,
                        note="Agenda of the first round included all three areas.",
                    ),
                ),
            ),
            DemoBenchmark(
                title="Continuity of the dialogue beyond political cycles",
                kind="scale",
                scale="RAG",
                entries=(
                    DemoEntry(
                        observed_on=date(2025, 9, 30),
                        level="amber",
                        note="Commitment expressed but no standing format.",
                    ),
                    DemoEntry(
                        observed_on=date(2026, 3, 31),
                        level="amber",
                        note="First round held; annual rhythm not yet fixed.",
                    ),
                    DemoEntry(
                        observed_on=date(2026, 10, 31),
                        level="red",
                        note="No follow-up round agreed ahead of the annual deadline.",
                    ),
                ),
            ),
        ),
    ),
    DemoRecommendation(
        code="US-02",
        title="Bolster US–Kosovo joint ventures in technology and energy",
        text="Bolstering joint ventures in technology and energy sectors will create mutual economic interests, enhancing partnership resilience.",
        source=ANALYSIS,
        locator='Section "Policy Recommendations for Sustained Strategic Engagement", paragraph 1',
        theme="Economy & trade",
        actors=(("Government of Kosovo", "lead"), ("US Government", "supporting")),
        priority="medium",
        status="in_progress",
        issued_on=ANALYSIS_ISSUED,
        due_on=date(2027, 3, 31),
        tags=("energy", "technology"),
        benchmarks=(
            DemoBenchmark(
                title="Joint ventures launched in technology and energy",
                kind="numeric",
                baseline=0.0,
                target=6.0,
                unit="ventures",
                direction="increase",
                entries=(
                    DemoEntry(
                        observed_on=date(2025, 9, 30),
                        value=1.0,
                        note="One energy-sector joint venture registered.",
                    ),
                    DemoEntry(
                        observed_on=date(2026, 3, 31),
                        value=2.0,
                        note="A software joint venture added.",
                    ),
                    DemoEntry(
                        observed_on=date(2026, 9, 30),
                        value=3.0,
                        note="Third venture launched; pipeline thin.",
                    ),
                ),
            ),
            DemoBenchmark(
                title="Smart-grid cooperation project",
                kind="scale",
                scale="Implementation",
                entries=(
                    DemoEntry(
                        observed_on=date(2025, 9, 30),
                        level="not implemented",
                        note="Feasibility work only.",
                    ),
                    DemoEntry(
                        observed_on=date(2026, 9, 30),
                        level="partially implemented",
                        note="First phase of grid modernisation under way.",
                    ),
                ),
            ),
        ),
    ),
    DemoRecommendation(
        code="US-03",
        title="Expand educational exchanges and professional training programmes",
        text="Additionally, expanding educational exchanges and professional training programs will strengthen people-to-people connections, nurturing the next generation of Kosovar leaders aligned with U.S. democratic ideals.",
        source=ANALYSIS,
        locator='Section "Policy Recommendations for Sustained Strategic Engagement", paragraph 1',
        theme="Education & youth",
        actors=(
            ("US Government", "lead"),
            ("Government of Kosovo", "supporting"),
            ("Civil society", "consulted"),
        ),
        priority="medium",
        status="in_progress",
        issued_on=ANALYSIS_ISSUED,
        due_on=date(2027, 3, 31),
        tags=("exchanges", "training"),
        benchmarks=(
            DemoBenchmark(
                title="Participants in exchange and professional training programmes per year",
                kind="numeric",
                baseline=150.0,
                target=400.0,
                unit="participants",
                direction="increase",
                entries=(
                    DemoEntry(
                        observed_on=date(2025, 6, 30),
                        value=160.0,
                        note="Slight increase on the baseline year.",
                    ),
                    DemoEntry(
                        observed_on=date(2025, 12, 31),
                        value=140.0,
                        note="Funding review cut several programmes mid-year.",
                    ),
                    DemoEntry(
                        observed_on=date(2026, 6, 30),
                        value=120.0,
                        note="Participation fell further as programmes were paused.",
                    ),
                    DemoEntry(
                        observed_on=date(2026, 10, 31),
                        value=130.0,
                        note="Small recovery through privately funded exchanges.",
                    ),
                ),
            ),
            DemoBenchmark(
                title="Technical vocational training programme launched",
                kind="milestone",
                entries=(
                    DemoEntry(
                        observed_on=date(2025, 9, 30),
                        achieved=True,
                        note="First cohort enrolled in the technical training programme.",
                    ),
                ),
            ),
        ),
    ),
    DemoRecommendation(
        code="US-04",
        title="Provide enhanced legislative support to implement bilateral agreements",
        text="Enhanced legislative support from both governments should accompany these efforts, facilitating smoother implementation of agreements and agile responses to emerging challenges.",
        source=ANALYSIS,
        locator='Section "Policy Recommendations for Sustained Strategic Engagement", paragraph 2',
        theme="Governance & rule of law",
        actors=(("Government of Kosovo", "lead"), ("US Government", "supporting")),
        priority="low",
        status="accepted",
        issued_on=ANALYSIS_ISSUED,
        due_on=date(2027, 6, 30),
        tags=("legislation", "agreements"),
        benchmarks=(
            DemoBenchmark(
                title="Joint legislative working group established",
                kind="milestone",
                entries=(
                    DemoEntry(
                        observed_on=date(2025, 10, 31),
                        achieved=False,
                        note="Both sides agreed in principle; membership not yet named.",
                    ),
                    DemoEntry(
                        observed_on=date(2026, 5, 31),
                        achieved=True,
                        note="Working group constituted and held its first meeting.",
                    ),
                ),
            ),
            DemoBenchmark(
                title="Bilateral agreements with implementing legislation adopted",
                kind="numeric",
                baseline=0.0,
                target=5.0,
                unit="agreements",
                direction="increase",
                entries=(
                    DemoEntry(
                        observed_on=date(2026, 9, 30),
                        value=1.0,
                        note="Implementing legislation adopted for one agreement.",
                    ),
                ),
            ),
        ),
    ),
    DemoRecommendation(
        code="US-05",
        title="Fund and deepen technical work on cybersecurity, rule of law and anti-corruption",
        text="Critical areas such as cybersecurity, rule of law, and anti-corruption initiatives need increased funding and technical collaboration.",
        source=ANALYSIS,
        locator='Section "Policy Recommendations for Sustained Strategic Engagement", paragraph 2',
        theme="Governance & rule of law",
        actors=(("US Government", "lead"), ("Government of Kosovo", "supporting")),
        priority="high",
        status="stalled",
        issued_on=ANALYSIS_ISSUED,
        due_on=date(2026, 6, 30),
        tags=("cybersecurity", "funding", "anti-corruption"),
        benchmarks=(
            DemoBenchmark(
                title="US funding for cybersecurity, rule of law and anti-corruption programmes",
                kind="numeric",
                baseline=20.0,
                target=30.0,
                unit="USD m",
                direction="increase",
                weight=2.0,
                entries=(
                    DemoEntry(
                        observed_on=date(2025, 6, 30),
                        value=12.0,
                        note="Programme funding paused pending a review of foreign assistance.",
                    ),
                    DemoEntry(
                        observed_on=date(2025, 12, 31),
                        value=10.0,
                        note="Several programmes closed early.",
                    ),
                    DemoEntry(
                        observed_on=date(2026, 6, 30),
                        value=11.0,
                        note="Limited funding restored for cybersecurity only.",
                    ),
                ),
            ),
            DemoBenchmark(
                title="Joint cyber defence taskforce operational",
                kind="milestone",
                entries=(
                    DemoEntry(
                        observed_on=date(2025, 9, 30),
                        achieved=False,
                        note="Taskforce agreed but not yet staffed.",
                    ),
                    DemoEntry(
                        observed_on=date(2026, 3, 31),
                        achieved=True,
                        note="Taskforce operational with a small joint team.",
                    ),
                ),
            ),
            DemoBenchmark(
                title="Technical collaboration on anti-corruption",
                kind="scale",
                scale="RAG",
                entries=(
                    DemoEntry(
                        observed_on=date(2025, 6, 30),
                        level="amber",
                        note="Advisers in place but activities scaled down.",
                    ),
                    DemoEntry(
                        observed_on=date(2025, 12, 31),
                        level="red",
                        note="Most technical assistance on anti-corruption suspended.",
                    ),
                    DemoEntry(observed_on=date(2026, 6, 30), level="red", note="No resumption announced."),
                ),
            ),
        ),
    ),
    DemoRecommendation(
        code="US-06",
        title="Hold annual joint military exercises and share intelligence",
        text="Annual joint military exercises and intelligence sharing",
        source=ANALYSIS,
        locator='Table "Priority Area / Recommended Action / Expected Outcome", row "Security Collaboration"',
        theme="Security",
        actors=(
            ("US Government", "lead"),
            ("Government of Kosovo", "supporting"),
            ("NATO/KFOR", "consulted"),
        ),
        priority="medium",
        status="implemented",
        issued_on=ANALYSIS_ISSUED,
        due_on=date(2025, 12, 31),
        tags=("exercises", "intelligence"),
        benchmarks=(
            DemoBenchmark(
                title="Annual joint exercise held",
                kind="milestone",
                entries=(
                    DemoEntry(
                        observed_on=date(2025, 6, 30),
                        achieved=True,
                        note="Joint exercise held with US forces in the spring.",
                    ),
                ),
            ),
            DemoBenchmark(
                title="Intelligence-sharing arrangement in force",
                kind="milestone",
                entries=(
                    DemoEntry(
                        observed_on=date(2025, 5, 31),
                        achieved=False,
                        note="Arrangement under negotiation.",
                    ),
                    DemoEntry(
                        observed_on=date(2025, 11, 30),
                        achieved=True,
                        note="Arrangement signed and in force.",
                    ),
                ),
            ),
            DemoBenchmark(
                title="Annual exercise cycle established",
                kind="scale",
                scale="Implementation",
                entries=(
                    DemoEntry(
                        observed_on=date(2025, 6, 30),
                        level="partially implemented",
                        note="One exercise held; the cycle is not yet formalised.",
                    ),
                    DemoEntry(
                        observed_on=date(2025, 12, 31),
                        level="fully implemented",
                        note="Annual exercise calendar agreed.",
                    ),
                    DemoEntry(
                        observed_on=date(2026, 6, 30),
                        level="fully implemented",
                        note="Second annual exercise held on schedule.",
                    ),
                ),
            ),
        ),
    ),
    DemoRecommendation(
        code="US-07",
        title="Hold public-private investment forums and facilitate trade",
        text="Public-private investment forums and trade facilitation",
        source=ANALYSIS,
        locator='Table "Priority Area / Recommended Action / Expected Outcome", row "Economic Partnership"',
        theme="Economy & trade",
        actors=(("Government of Kosovo", "lead"), ("US Government", "supporting")),
        priority="medium",
        status="in_progress",
        issued_on=ANALYSIS_ISSUED,
        due_on=date(2026, 12, 31),
        tags=("investment", "trade"),
        benchmarks=(
            DemoBenchmark(
                title="Public-private investment forums held",
                kind="numeric",
                baseline=0.0,
                target=3.0,
                unit="forums",
                direction="increase",
                entries=(
                    DemoEntry(
                        observed_on=date(2025, 10, 31),
                        value=1.0,
                        note="First investment forum held in Pristina.",
                    ),
                    DemoEntry(
                        observed_on=date(2026, 5, 31),
                        value=2.0,
                        note="Second forum held, with more US companies attending.",
                    ),
                ),
            ),
            DemoBenchmark(
                title="Bilateral trade volume index (2024 = 100)",
                kind="numeric",
                baseline=100.0,
                target=125.0,
                unit="index",
                direction="increase",
                entries=(
                    DemoEntry(
                        observed_on=date(2025, 12, 31),
                        value=104.0,
                        note="Modest growth in bilateral trade.",
                    ),
                    DemoEntry(
                        observed_on=date(2026, 9, 30),
                        value=109.0,
                        note="Growth continues, mainly in services.",
                    ),
                ),
            ),
            DemoBenchmark(
                title="Trade facilitation measures in place",
                kind="scale",
                scale="RAG",
                weight=0.5,
            ),
        ),
    ),
    DemoRecommendation(
        code="US-08",
        title="Run expert exchanges and legislative mentoring",
        text="Expert exchanges and legislative mentoring",
        source=ANALYSIS,
        locator='Table "Priority Area / Recommended Action / Expected Outcome", row "Governance & Rule of Law"',
        theme="Governance & rule of law",
        actors=(("US Government", "lead"), ("Government of Kosovo", "supporting")),
        priority="medium",
        status="in_progress",
        issued_on=ANALYSIS_ISSUED,
        due_on=date(2026, 12, 31),
        tags=("mentoring", "legislation"),
        benchmarks=(
            DemoBenchmark(
                title="Expert exchanges completed",
                kind="numeric",
                baseline=0.0,
                target=20.0,
                unit="exchanges",
                direction="increase",
                entries=(
                    DemoEntry(
                        observed_on=date(2025, 9, 30),
                        value=4.0,
                        note="Four exchanges completed, mostly on judicial administration.",
                    ),
                    DemoEntry(observed_on=date(2026, 3, 31), value=7.0, note="Three more exchanges held."),
                    DemoEntry(
                        observed_on=date(2026, 9, 30),
                        value=9.0,
                        note="Pace slowed; well short of target.",
                    ),
                ),
            ),
            DemoBenchmark(
                title="Legislative mentoring programme running",
                kind="scale",
                scale="Implementation",
                entries=(
                    DemoEntry(
                        observed_on=date(2025, 9, 30),
                        level="partially implemented",
                        note="Mentoring limited to two parliamentary committees.",
                    ),
                    DemoEntry(
                        observed_on=date(2026, 9, 30),
                        level="partially implemented",
                        note="No extension to further committees.",
                    ),
                ),
            ),
        ),
    ),
    DemoRecommendation(
        code="US-09",
        title="Offer scholarships and leadership workshops for young people",
        text="Scholarships and leadership workshops",
        source=ANALYSIS,
        locator='Table "Priority Area / Recommended Action / Expected Outcome", row "Education & Youth Engagement"',
        theme="Education & youth",
        actors=(("US Government", "lead"), ("Civil society", "supporting")),
        priority="medium",
        status="partially_implemented",
        issued_on=ANALYSIS_ISSUED,
        due_on=date(2026, 8, 31),
        tags=("scholarships", "youth"),
        benchmarks=(
            DemoBenchmark(
                title="Scholarships awarded",
                kind="numeric",
                baseline=0.0,
                target=100.0,
                unit="scholarships",
                direction="increase",
                entries=(
                    DemoEntry(
                        observed_on=date(2025, 9, 30),
                        value=25.0,
                        note="First scholarship round awarded.",
                    ),
                    DemoEntry(
                        observed_on=date(2026, 9, 30),
                        value=48.0,
                        note="Second round smaller than planned.",
                    ),
                ),
            ),
            DemoBenchmark(
                title="Leadership workshops held",
                kind="numeric",
                baseline=0.0,
                target=12.0,
                unit="workshops",
                direction="increase",
                entries=(
                    DemoEntry(
                        observed_on=date(2025, 12, 31),
                        value=4.0,
                        note="Workshops run with youth organisations.",
                    ),
                    DemoEntry(
                        observed_on=date(2026, 6, 30),
                        value=8.0,
                        note="Workshops extended to smaller towns.",
                    ),
                    DemoEntry(observed_on=date(2026, 10, 31), value=12.0, note="Workshop target reached."),
                ),
            ),
            DemoBenchmark(
                title="Alumni network launched",
                kind="milestone",
                weight=0.5,
                entries=(
                    DemoEntry(
                        observed_on=date(2026, 9, 30),
                        achieved=False,
                        note="Network planned but not yet launched.",
                    ),
                ),
            ),
        ),
    ),
    DemoRecommendation(
        code="US-10",
        title="Move from advisory programmes to peer-to-peer policy workshops",
        text="Transition to peer-to-peer policy workshops",
        source=ANALYSIS,
        locator='Table "Area of Focus / Current Status / Next Steps", row "Governance Support"',
        theme="Governance & rule of law",
        actors=(("Government of Kosovo", "lead"), ("US Government", "supporting")),
        priority="low",
        status="withdrawn",
        issued_on=ANALYSIS_ISSUED,
        due_on=date(2026, 6, 30),
        tags=("workshops", "governance"),
        benchmarks=(
            DemoBenchmark(
                title="First peer-to-peer policy workshop held",
                kind="milestone",
                entries=(
                    DemoEntry(
                        observed_on=date(2025, 10, 31),
                        achieved=False,
                        note="Advisory programme still running; no peer workshop scheduled.",
                    ),
                ),
            ),
            DemoBenchmark(
                title="Advisory programmes converted to peer-to-peer format",
                kind="scale",
                scale="Implementation",
                entries=(
                    DemoEntry(
                        observed_on=date(2025, 10, 31),
                        level="not implemented",
                        note="No conversion planned yet.",
                    ),
                    DemoEntry(
                        observed_on=date(2026, 2, 28),
                        level="not implemented",
                        note="Withdrawn from monitoring; follow-up continues under US-08.",
                    ),
                ),
            ),
        ),
    ),
    DemoRecommendation(
        code="US-11",
        title="Expand interoperability with NATO forces",
        text="Expand interoperability with NATO forces",
        source=ANALYSIS,
        locator='Table "Area of Focus / Current Status / Next Steps", row "Military Cooperation"',
        theme="Security",
        actors=(("Government of Kosovo", "lead"), ("US Government", "supporting")),
        priority="medium",
        status="in_progress",
        issued_on=ANALYSIS_ISSUED,
        due_on=date(2027, 3, 31),
        tags=("interoperability", "nato"),
        benchmarks=(
            DemoBenchmark(
                title="Interoperability of security force units with NATO forces",
                kind="scale",
                scale="RAG",
                entries=(
                    DemoEntry(
                        observed_on=date(2025, 6, 30),
                        level="amber",
                        note="Joint training continues; equipment standards partly met.",
                    ),
                    DemoEntry(
                        observed_on=date(2026, 6, 30),
                        level="amber",
                        note="Gradual progress; certification pending.",
                    ),
                ),
            ),
            DemoBenchmark(
                title="Units certified to NATO standards",
                kind="numeric",
                baseline=1.0,
                target=5.0,
                unit="units",
                direction="increase",
                entries=(
                    DemoEntry(
                        observed_on=date(2025, 12, 31),
                        value=2.0,
                        note="A second unit passed its evaluation.",
                    ),
                    DemoEntry(observed_on=date(2026, 9, 30), value=3.0, note="Third unit certified."),
                ),
            ),
        ),
    ),
    DemoRecommendation(
        code="US-12",
        title="Launch innovation hubs and incubators",
        text="Launch innovation hubs and incubators",
        source=ANALYSIS,
        locator='Table "Area of Focus / Current Status / Next Steps", row "Economic Development"',
        theme="Economy & trade",
        actors=(("Government of Kosovo", "lead"), ("US Government", "supporting")),
        priority="low",
        status="proposed",
        issued_on=ANALYSIS_ISSUED,
        due_on=date(2027, 12, 31),
        tags=("innovation", "startups"),
        benchmarks=(
            DemoBenchmark(
                title="Innovation hubs and incubators launched with US support",
                kind="numeric",
                baseline=0.0,
                target=3.0,
                unit="hubs",
                direction="increase",
            ),
            DemoBenchmark(
                title="Funding agreement for the first hub signed",
                kind="milestone",
            ),
        ),
    ),
]
