"""The extractor on articles written for these tests (never the seed or third-party text)."""

from __future__ import annotations

from typing import Any

import pytest

from tacitus import extract_text

from conftest import ARTICLES


def record(text: str, published: str | None = None) -> dict[str, Any]:
    return extract_text(text, published=published).as_dict(with_text=True)


def subtypes(text: str, published: str = "2021-06-04") -> list[str]:
    """The sub-types of the events extracted from ``text``, in order."""
    return [e.subtype for e in extract_text(text, published=published).events]


def actors(ev: dict[str, Any], role: str) -> set[str]:
    return {a["name"] for a in ev["actors"] if a["role"] == role}


@pytest.fixture(scope="module")
def scraped() -> dict[str, Any]:
    return record((ARTICLES / "scraped_somalia_airfield.txt").read_text(encoding="utf-8"))


def test_scraped_article_metadata(scraped: dict[str, Any]) -> None:
    art = scraped["article"]
    assert (art["title"], art["author"], art["published"], art["section"]) == (
        "Al Shabaab says it shelled Somali airfield; Islamic State faction denies role", "Halima Yusuf", "2025-03-12", "Africa")
    assert art["language"] == "en" and art["text_chars"] == len(art["text"])


def test_scraped_article_main_event(scraped: dict[str, Any]) -> None:
    main = next(e for e in scraped["events"] if e["date"] == "2025-03-09")  # "on Sunday", published Wed 12 Mar
    assert main["category"] == "explosions_remote_violence"
    assert main["subtype"] == "shelling_artillery_missile_attack"
    assert main["injured"] == 3 and main["killed"] is None
    assert "mortar" in main["weapons"]
    assert main["location"]["country"] == "SO"
    assert main["location"]["admin1"] == "Lower Shabelle"
    assert "Al Shabaab" in actors(main, "perpetrator")
    assert main["claimed"] is True


def test_scraped_article_background_event_has_its_own_date(scraped: dict[str, Any]) -> None:
    bg = next(e for e in scraped["events"] if e["date"] == "2025-03-06")  # "last Thursday" written on a Wednesday
    assert bg["subtype"] == "air_drone_strike"
    assert bg["killed"] == 6
    assert "Military Forces of the United States" in actors(bg, "perpetrator")
    assert bg["location"] is not None and bg["location"]["name"] == "Jilib"


def test_scraped_article_claim_and_denial(scraped: dict[str, Any]) -> None:
    main = next(e for e in scraped["events"] if e["date"] == "2025-03-09")
    by_stance = {c["stance"]: c for c in scraped["claims"]}
    assert by_stance["claim"]["actor"] == "Al Shabaab" and by_stance["claim"]["event"] == main["id"]
    denial = by_stance["denial"]
    assert denial["actor"] == "Islamic State (Somalia)"
    assert denial["event"] == main["id"]
    assert denial["speaker"] == "Abdirahman Fahiye"
    assert denial["date"] == "2025-03-11"


def test_every_evidence_offset_points_into_the_text(scraped: dict[str, Any]) -> None:
    text = scraped["article"]["text"]
    spans = [ev for e in scraped["events"] for ev in e["evidence"]] + [c["evidence"] for c in scraped["claims"]]
    assert spans
    for sp in spans:
        assert text[sp["start"]:sp["end"]] == sp["text"]


def test_casualties_including_the_bomber_and_perpetrators() -> None:
    r = record("A suicide bomber blew himself up at a wedding hall in the city of Kunduz on Friday, killing at least "
               "12 people, including the bomber, and wounding 30 others, police said.", "2024-06-08")
    ev = r["events"][0]
    assert ev["subtype"] == "suicide_bomb"
    assert ev["killed"] == 12 and ev["injured"] == 30
    assert ev["date"] == "2024-06-07"
    assert ev["location"]["name"] == "Kunduz" and ev["location"]["country"] == "AF"


def test_vague_casualties_stay_null() -> None:
    r = record("Dozens of people were wounded when security forces opened fire on a crowd in Kassala on Sunday, "
               "witnesses said.", "2024-02-05")
    assert r["events"] and r["events"][0]["injured"] is None


def test_no_group_claimed_sets_claimed_false() -> None:
    r = record("A roadside bomb struck a police vehicle in the town of Bannu on Wednesday, killing two officers. "
               "No group has claimed responsibility for the attack.", "2024-09-12")
    assert r["events"][0]["claimed"] is False
    assert r["events"][0]["subtype"] == "remote_explosive_landmine_ied"


def test_attribution_by_officials() -> None:
    r = record("Gunmen stormed a village near Bunia on Saturday and killed nine civilians, local officials said. "
               "Army spokesmen blamed the Allied Democratic Forces (ADF) for the massacre.", "2024-05-13")
    att = [c for c in r["claims"] if c["stance"] == "attribution"]
    assert att and att[0]["actor"] == "Allied Democratic Forces"
    assert att[0]["event"] == r["events"][0]["id"]
    assert r["events"][0]["killed"] == 9


def test_registry_fixes_model_entity_errors() -> None:
    r = record("Kataib Sayyid al-Shuhada denied on Tuesday that it had any role in the drone attack on Harir air base. "
               "The Islamic Resistance in Iraq said it launched the drones.", "2024-03-06")
    names = {c["actor"] for c in r["claims"]}
    assert "Kataib Sayyid al-Shuhada" in names
    assert "Islamic Resistance in Iraq" in names


def test_short_alias_and_pentagon_resolve() -> None:
    r = record("KH fighters fired rockets at U.S. forces in Syria on Monday, the Pentagon said, adding that no one "
               "was hurt.", "2024-01-10")
    names = {a["name"] for e in r["events"] for a in e["actors"]}
    assert "Kataib Hezbollah" in names
    assert "Military Forces of the United States" in names


@pytest.mark.parametrize("text", [
    "The opposition attacked the budget proposal in parliament on Tuesday, calling it reckless.",
    "The rebels threatened to strike the capital if talks collapsed next month.",
    "The striker fired a rocket into the top corner as the home side crushed their rivals 4-0 in the cup final.",
    "Foreign ministers met in Doha on Monday to discuss a ceasefire and the exchange of prisoners.",
    "If the army advances, the militia would attack supply lines, a commander warned.",
])
def test_no_violent_event_in_negatives(text: str) -> None:
    r = record(text, "2024-04-10")
    assert [e for e in r["events"] if e["category"] != "strategic_developments"] == []


def test_event_without_date_takes_publication_date_and_says_so() -> None:
    r = record("Police fired tear gas at hundreds of students protesting against tuition fees in Nairobi.", "2024-07-02")
    ev = r["events"][0]
    assert ev["category"] in ("protests", "riots")
    assert (ev["date"], ev["date_source"]) == ("2024-07-02", "published")


@pytest.mark.parametrize("text,subtype", [
    ("On 3 June 2021, clashes were reported between two militia factions near Bunia.", "armed_clash"),
    ("On 3 June 2021, one shell fell into the village of Taung Bway, Rakhine State.", "shelling_artillery_missile_attack"),
    ("On 3 June 2021, soldiers fired with unspecified weapons on the positions of the army near Tovuz.", "armed_clash"),
    ("On 3 June 2021, monitors observed 12 bursts of fire involving heavy machine guns near Svitlodarsk.", "armed_clash"),
    ("On 3 June 2021, police dispersed about 200 workers who were demanding unpaid wages in Rajkot.",
     "protest_with_intervention"),
    ("On 3 June 2021, about 500 farmers gathered in Ahmedabad, demanding higher crop prices.", "peaceful_protest"),
    ("On 3 June 2021, militants tried to storm an army post near Diffa; soldiers repulsed the assault.", "armed_clash"),
    ("On 3 June 2021, monitors recorded 14 projectiles fired near Avdiivka.", "shelling_artillery_missile_attack"),
    ("On 3 June 2021, monitors heard 20 shots involving small arms near Zolote.", "armed_clash"),
    ("On 3 June 2021, soldiers burned down a hut used by farmers near Hpapun.", "looting_property_destruction"),
    ("On 3 June 2021, herders stole about 40 cows from a farm in Makurdi.", "looting_property_destruction"),
    ("On 3 June 2021, a roadside IED targeted a police vehicle in Mogadishu.", "remote_explosive_landmine_ied"),
    ("On 3 June 2021, a hand grenade went off at a bus stop in Garissa.", "grenade"),
    # counted explosions with no device named are rounds landing; with bursts of fire, an exchange of fire
    ("On 3 June 2021, monitors counted 30 explosions from unidentified weapons near Horlivka.",
     "shelling_artillery_missile_attack"),
    ("On 3 June 2021, monitors counted 30 explosions and 12 bursts of fire near Horlivka.", "armed_clash"),
    ("On 3 June 2021, two explosions from bombs planted under a bridge wounded a guard near Horlivka.",
     "remote_explosive_landmine_ied"),
])
def test_wire_note_phrasings_are_events(text: str, subtype: str) -> None:
    events = extract_text(text, published="2021-06-04").events
    assert [e.subtype for e in events] == [subtype]
    assert events[0].date == "2021-06-03"


def test_a_beating_by_residents_and_a_stance_are_told_apart() -> None:
    assert extract_text("On 3 June 2021, a suspected thief was beaten up by residents at a market in Manaus.",
                        published="2021-06-04").events
    assert not extract_text("Nadal beat him in straight sets in the final on Sunday.", published="2021-06-04").events
    # a political position is still not a target
    assert not extract_text("The senator attacked the positions of the opposition on the budget on Tuesday.",
                            published="2021-06-04").events
    # only a weapon "goes off" as an explosion
    assert not extract_text("The fire alarm went off twice at the market on Tuesday.", published="2021-06-04").events


def test_an_event_without_its_own_date_takes_the_date_of_the_report_that_tells_it() -> None:
    ev = extract_text("On 4 June 2021, residents of Niteroi reported through a messaging group that a shoot-out "
                      "had taken place near the market.", published="2021-06-07").events[0]
    assert (ev.date, ev.date_precision, ev.date_source) == ("2021-06-04", "day", "report")
    assert ev.field_evidence["date"].text == "4 June 2021"
    # its own date still wins over the report's
    ev = extract_text("On 4 June 2021, police said that gunmen had killed two guards on 2 June in Niteroi.",
                      published="2021-06-07").events[0]
    assert (ev.date, ev.date_source) == ("2021-06-02", "text")


@pytest.mark.parametrize("text,subtype", [
    ("On 3 June 2021, villagers of two neighbouring settlements clashed with sticks over a boundary in Kisumu, "
     "injuring four.", "mob_violence"),
    ("On 3 June 2021, residents attacked two health workers with stones in Kisumu.", "mob_violence"),
    # an armed side, or persons rather than a crowd, make it a clash or an attack
    ("On 3 June 2021, soldiers clashed with villagers near Kisumu, killing two.", "armed_clash"),
    ("On 3 June 2021, armed villagers attacked two traders in Kisumu.", "attack"),
    ("On 3 June 2021, a trader was beaten to death by 15 men in Kisumu.", "attack"),
    ("On 3 June 2021, residents attacked a market in Kisumu and a guard was shot dead.", "attack"),
])
def test_a_crowd_without_arms_is_mob_violence(text: str, subtype: str) -> None:
    assert subtypes(text) == [subtype]


@pytest.mark.parametrize("text,subtype", [
    ("On 3 June 2021, about 300 residents blocked the main road by burning old car tires in Ouargla, demanding "
     "water.", "violent_demonstration"),
    # force told in the next sentence of the paragraph
    ("On 3 June 2021, some 400 textile workers protested outside a factory in Gazipur, demanding unpaid wages. "
     "Police used batons to disperse them.", "protest_with_intervention"),
    # an arrest told there is often the protest's cause, not what happened to it
    ("On 3 June 2021, about 30 people protested in Gomel, demanding the release of a blogger. The blogger was "
     "arrested on Monday for covering a rally.", "peaceful_protest"),
])
def test_how_a_protest_went(text: str, subtype: str) -> None:
    events = extract_text(text, published="2021-06-04").events
    assert events and events[0].subtype == subtype


@pytest.mark.parametrize("text,subtype", [
    ("On 3 June 2021, rebel fighters fired mortars and heavy machine guns at army positions near Marinka.",
     "armed_clash"),
    ("On 3 June 2021, militants threw a grenade at a police post in Mandera, and officers returned fire.",
     "armed_clash"),
    # heavy fire alone, or at civilians, stays shelling
    ("On 3 June 2021, artillery shelled a village near Marinka, killing two civilians.",
     "shelling_artillery_missile_attack"),
])
def test_guns_with_heavy_fire_at_an_armed_side_are_a_battle(text: str, subtype: str) -> None:
    assert subtypes(text) == [subtype]


@pytest.mark.parametrize("text,subtype", [
    ("On 3 June 2021, about 300 workers protested in Rajkot demanding to be sent home.", "peaceful_protest"),
    ("On 3 June 2021, the army bombed rebel hideouts near Mocimboa da Praia.", "air_drone_strike"),
    ("On 3 June 2021, a soldier raped a girl in Uvira.", "sexual_violence"),
    ("On 3 June 2021, government forces thwarted a rebel incursion near Marib, killing six fighters.", "armed_clash"),
    ("On 3 June 2021, a suspect was wounded after exchanging fire with police in Recife.", "armed_clash"),
    ("On 3 June 2021, residents pelted stones at police in Bhopal.", "mob_violence"),
])
def test_more_wire_note_phrasings(text: str, subtype: str) -> None:
    assert subtypes(text) == [subtype]


def test_a_thwarted_plan_is_no_battle() -> None:
    assert not extract_text("Police thwarted a plan to attack a school in Recife on Tuesday.", published="2021-06-04").events


def test_grenades_from_launchers_are_shelling_and_thrown_ones_grenade_attacks() -> None:
    fired = extract_text("On 3 June 2021, rebel forces fired grenade launchers at army positions near Pisky.",
                         published="2021-06-04").events
    thrown = extract_text("On 3 June 2021, a man threw a hand grenade into a bar in Pisky, wounding two.",
                          published="2021-06-04").events
    assert [e.subtype for e in fired] == ["shelling_artillery_missile_attack"]
    assert [e.subtype for e in thrown] == ["grenade"]


def test_a_group_said_to_be_suspected_is_an_attributed_perpetrator() -> None:
    r = extract_text("Gunmen killed four traders at a market in Potiskum on Monday. No group claimed the attack, but "
                     "local officials said Boko Haram is suspected.", published="2020-05-06")
    assert [c.stance for c in r.claims] == ["attribution"]
    assert any(a.role == "perpetrator" and "Boko Haram" in a.name for a in r.events[0].actors)
    assert not r.events[0].claimed
    # a person suspected of something is no attribution
    assert not extract_text("A man suspected of theft was beaten by residents in Potiskum on Monday.",
                            published="2020-05-06").claims


@pytest.mark.parametrize("text,killed,injured", [
    # a number written in words with a hyphen is one count, not two
    ("A car bomb exploded outside a mosque in Taji on Friday. Thirty-two people, including the bomber, were "
     "killed and 40 others were wounded.", 32, 40),
    # victims named one by one
    ("Gunmen shot and killed a cleric outside his home in Quetta on Friday.", 1, None),
    ("A roadside bomb struck a patrol near Hit on Friday. A soldier and a shepherd were killed.", 2, None),
    ("Gunmen opened fire on two brothers in Cotabato on Friday. Ramon Dizon and Felipe Dizon were killed.", 2, None),
    # what an attack left behind
    ("A mortar attack on a market in Dhusamareb on Friday left five people dead and nine wounded.", 5, 9),
    ("The ambush near Garissa on Friday left two police officers wounded.", None, 2),
    # told as how they died, or as how they were found
    ("On Friday, two traders were shot to death by gunmen on a motorbike in Culiacan.", 2, None),
    ("On Friday, a taxi driver was found dead in Culiacan with gunshot wounds.", 1, None),
    # two verbs, one count: "shot and killed"
    ("On Friday, 2 police officers were shot and killed by gunmen in Lashkargah.", 2, None),
    ("On Friday, a shopkeeper was shot and killed by two gunmen in Lashkargah.", 1, None),
])
def test_victims_counted(text: str, killed: int, injured: int | None) -> None:
    ev = extract_text(text, published="2013-05-11").events[0]
    assert (ev.killed, ev.injured) == (killed, injured)


def test_a_contest_killed_off_is_no_victim() -> None:
    events = extract_text("Gunmen attacked a bus near Kano on Friday. Later, Nigeria killed off the contest with a "
                          "second goal.", published="2013-05-11").events
    assert all(e.killed is None for e in events)


def test_a_toll_after_an_attack_is_that_attack() -> None:
    # "killed following an attack by ..." tells one event: the deaths and the attack that caused them
    r = record("On 4 May 2020, three policemen were killed following an attack by Taliban militants on a checkpoint "
               "in Nad Ali district, Helmand.", published="2020-05-05")
    assert len(r["events"]) == 1
    ev = r["events"][0]
    assert ev["date"] == "2020-05-04" and ev["location"]["name"] == "Nad Ali" and ev["killed"] == 3
    # the toll told in two clauses
    r = record("On 4 May 2020, three policemen were killed and two were missing following an attack by Taliban "
               "militants on a checkpoint in Nad Ali district, Helmand.", published="2020-05-05")
    assert len(r["events"]) == 1 and r["events"][0]["location"]["name"] == "Nad Ali"
    # an act with its own earlier date stays an event of its own
    r = record("On 4 May 2020, three wounded policemen were killed in a hospital raid following an attack on 1 May "
               "on a checkpoint in Nad Ali district, Helmand.", published="2020-05-05")
    assert len(r["events"]) == 2


@pytest.mark.parametrize("text,subtype", [
    # a lead that tells its event with a bare plural
    ("Clashes between two herding clans over a watering point near Garissa.", "armed_clash"),
    ("Rallies were held in Bobo-Dioulasso against the rise in fuel prices.", "peaceful_protest"),
    # words of the notes coders write
    ("Traders ransacked the market offices in Kisumu after the fee rise.", "looting_property_destruction"),
    ("Opposition supporters held noisy demos in Kisumu against the vote count.", "peaceful_protest"),
    ("Soldiers and cattle raiders exchange fire near Baragoi, killing one raider.", "armed_clash"),
])
def test_short_leads_and_note_words(text: str, subtype: str) -> None:
    assert subtypes(text, "2019-03-04") == [subtype]


@pytest.mark.parametrize("text", [
    "Attacks on bases have risen sharply this year, the report said.",
    "Ministers met in Nairobi to discuss ways to stop attacks on shipping.",
])
def test_a_bare_plural_of_a_trend_is_no_event(text: str) -> None:
    assert record(text, published="2019-03-04")["events"] == []


def test_a_fight_told_as_breaking_out_is_an_event_and_a_war_of_words_is_not() -> None:
    text = ("On 5 May 2020, police officers went into the Jardim community of Sao Goncalo, Rio de Janeiro, to look "
            "for drug dealers. An intense shoot-out broke out and one suspect was hit.")
    assert subtypes(text, "2020-05-06") == ["armed_clash"]
    assert record("A bitter row broke out between the two ministers over the budget.", published="2020-05-06")["events"] == []


@pytest.mark.parametrize("text,subtype", [
    ("On 9 May 2020, rebel reinforcements arrived at the Hajjah front, local sources said.", "change_to_group_activity"),
    ("On 9 May 2020, Russian and Turkish troops conducted a joint patrol on the M4 highway near Ariha.", "change_to_group_activity"),
    ("On 9 May 2020, the authorities imposed a curfew on Golbasi district for two weeks.", "change_to_group_activity"),
    ("On 9 May 2020, the government released 52 prisoners from the central prison in Kabul.", "other"),
    # a patrol that is attacked is the target of an attack, and a release ends an abduction told in the sentence
    ("Militants attacked an army patrol near Diffa on 9 May 2020, killing two soldiers.", "armed_clash"),
    ("Gunmen kidnapped three engineers on 4 May 2020; they were released on Friday.", "abduction_forced_disappearance"),
])
def test_moves_of_forces_and_releases_are_strategic_developments(text: str, subtype: str) -> None:
    assert subtypes(text, "2020-05-10") == [subtype]


@pytest.mark.parametrize("text,subtype", [
    # an armed side's position, told with a possessive, is a military target, not a stance
    ("On 2 May 2020, militants attacked government forces' position at Ceel Salini village, and heavy fire was "
     "exchanged.", "armed_clash"),
    ("On 4 May 2020, rebels destroyed an army bulldozer on the front south of Idleb using an ATGM.",
     "shelling_artillery_missile_attack"),
    ("On 6 May 2020, a roadside RCIED hit a police vehicle in Dharkenley district of Mogadishu.",
     "remote_explosive_landmine_ied"),
    ("On 2 May 2020, hundreds of migrant labourers blocked the traffic on the national highway, demanding buses home.",
     "peaceful_protest"),
    ("On 3 May 2020, residents took to the streets of Aden to condemn power cuts.", "peaceful_protest"),
])
def test_yet_more_note_phrasings(text: str, subtype: str) -> None:
    assert subtypes(text, "2020-05-10") == [subtype]


def test_since_the_start_of_something_is_a_time_not_an_earlier_event() -> None:
    text = ("On 4 May 2020, dozens of nurses held a sit-in outside the regional hospital in Sfax, denouncing "
            "unpaid wages since the start of the lockdown.")
    evs = extract_text(text, published="2020-05-05").events
    assert len(evs) == 1
    assert evs[0].date == "2020-05-04" and evs[0].location is not None and evs[0].location.name == "Sfax"


@pytest.mark.parametrize("text, subtype", [
    ("On 5 May 2020, a trader was bound and beaten by police officers at a market in Gonaives.", "attack"),
    ("On 2 May 2020, youths of the ruling party destroyed four houses of opposition members in Kayanza.",
     "looting_property_destruction"),
    ("On 1 May 2020, motorcycle taxi riders burnt a lorry in Bafoussam after a crash killed one of them.",
     "looting_property_destruction"),
    ("On 2 May 2020, settlers cut down dozens of olive trees belonging to farmers near Nablus.", "looting_property_destruction"),
    ("On 3 May 2020, masked men smashed the windows of a bank branch in Thessaloniki.", "looting_property_destruction"),
])
def test_property_destroyed_and_a_passive_beating(text: str, subtype: str) -> None:
    assert subtype in subtypes(text, published="2020-05-06")


@pytest.mark.parametrize("text", [
    "The new tariff destroyed the furniture trade, economists said on Monday.",
    "The city council cut the budget for roads by a third on Tuesday.",
])
def test_figurative_destruction_is_no_event(text: str) -> None:
    assert subtypes(text, published="2020-05-06") == []


def test_vehicles_burned_before_the_attackers_withdrew_belong_to_the_attack() -> None:
    text = ("On Sunday, insurgents stormed an army base in Marte, killing six soldiers. The attackers carted away "
            "weapons and burned armoured vehicles before retreating, officials said.")
    assert len(extract_text(text, published="2025-04-07").events) == 1


@pytest.mark.parametrize("text, expected", [
    ("On Tuesday, residents gathered outside a hotel in Zahle and voiced their rejection of plans to house "
     "quarantined travellers there.", ["peaceful_protest"]),
    ("On Friday, hundreds of fans gathered at the stadium in Kano to celebrate the title.", []),
])
def test_a_gathering_is_a_protest_only_with_its_grievance(text: str, expected: list[str]) -> None:
    assert subtypes(text, published="2020-05-06") == expected


def test_a_campaign_dated_months_back_is_not_joined_to_today_s_undated_strike() -> None:
    text = ("Two farmers were killed by artillery fire in Kfar Kila, along the border in the Marjayoun district, "
            "residents said.\n\nThe group says it has launched hundreds of attacks on army posts since October 8 in "
            "what it calls a support front for Gaza.")
    evs = extract_text(text, published="2024-07-18").events
    strike = next(e for e in evs if e.location is not None and e.location.name == "Kfar Kila")
    assert strike.date == "2024-07-18"


def test_a_sentence_the_parser_cuts_in_two_keeps_its_place() -> None:
    # the model starts a sentence at "Khat"; the second part still says where the shooting was
    text = ("On 2 May 2020, the police authorities shot and killed two persons smuggling illegal Khat in Baligubadle "
            "town (Hargeysa,Waqooyi Galbeed). A ban on the trade has been enforced since March.")
    ev = extract_text(text, published="2020-05-03").events[0]
    assert ev.location is not None and (ev.location.name, ev.location.country) == ("Baligubadle", "SO")


def test_contractors_and_health_workers_are_civilian_targets() -> None:
    ev = extract_text("Mortar rounds landed inside a fortified compound on Monday, injuring three contractors.",
                      published="2025-02-03").events[0]
    assert any(a.role == "target" and a.name.startswith("Civilians") for a in ev.actors)


@pytest.mark.parametrize("text,subtype", [
    ("On Wednesday, residents said shoot-outs took place in two hillside neighbourhoods of the city.", "armed_clash"),
    ("On Friday, guards beat an inmate held for his political views at a jail in Santiago de Cuba.", "attack"),
    ("On Saturday, rebels targeted an army outpost with artillery shells near Tell Abiad.", "shelling_artillery_missile_attack"),
    ("On Sunday, hundreds of day labourers came out on the roads in Rajkot, demanding buses home.", "peaceful_protest"),
])
def test_more_ways_of_telling_an_event(text: str, subtype: str) -> None:
    evs = extract_text(text, published="2020-05-06").events
    assert evs and evs[0].subtype == subtype


def test_a_short_report_whose_first_sentence_sets_the_scene() -> None:
    text = ("On 1 May 2020, in Niteroi, Rio de Janeiro, police ran an operation against drug dealers in a hillside "
            "community. Two suspects were shot and injured. Officers took a pistol and a radio.")
    ev = extract_text(text, published="2020-05-03").events[0]
    assert ev.date == "2020-05-01" and ev.location is not None and ev.location.name == "Niteroi"
    # a weak word in an article with no day or place before it stays no event
    assert not extract_text("Critics say the plan was shot down. The minister will try again next year.",
                            published="2020-05-03").events


@pytest.mark.parametrize("text,subtype", [
    ("On Wednesday, the governor announced a three-day lockdown of the old city.", "change_to_group_activity"),
    ("On Friday, police recovered two rifles and a box of ammunition from a farmhouse near Imphal.", "disrupted_weapons_use"),
    ("On Monday, the militia confiscated a shopping mall from its owner in Sanaa.", "looting_property_destruction"),
    ("On Tuesday, the army deployed troops along the highway south of Idlib.", "change_to_group_activity"),
    ("On Thursday, the defence ministry said it was withdrawing 300 troops from the northern border.", "change_to_group_activity"),
    ("On Sunday, village women armed with sticks formed a patrol in Chenpur to enforce the lockdown.", "change_to_group_activity"),
])
def test_strategic_developments_that_are_told_plainly(text: str, subtype: str) -> None:
    evs = extract_text(text, published="2020-05-06").events
    assert evs and evs[0].subtype == subtype and evs[0].category == "strategic_developments"


def test_an_attack_with_a_weapon_on_a_market_is_no_figure_of_speech() -> None:
    events = extract_text("A rocket attack on a market in Kismayo on Friday wounded two traders.", published="2020-05-09").events
    assert [e.subtype for e in events] == ["shelling_artillery_missile_attack"]
    assert not extract_text("Short sellers launched a fierce attack on the market on Friday.", published="2020-05-09").events


def test_people_dispersed_by_the_police_were_a_crowd() -> None:
    events = extract_text("On Friday, hundreds of market traders gathered outside the town hall in Kisumu. The traders were later "
                          "dispersed by the police.", published="2020-05-09").events
    assert [e.subtype for e in events] == ["protest_with_intervention"]


@pytest.mark.parametrize("text", [
    "Five people were killed in a road accident near Nakuru on Friday.",
    "Three miners were injured when a tunnel collapsed in Kolwezi on Friday.",
    "Two soldiers were killed in a helicopter crash in Kunar province on Friday.",
])
def test_a_mishap_is_no_violent_event(text: str) -> None:
    assert not extract_text(text, published="2020-05-09").events


def test_people_injured_by_someone_is_an_event() -> None:
    events = extract_text("On Thursday, four reporters were injured by hawkers in the central market of Rajshahi.",
                          published="2020-05-08").events
    assert len(events) == 1 and events[0].injured == 4


def test_a_toll_of_injured_belongs_to_the_protest_before_it() -> None:
    events = extract_text("Police fired tear gas at students marching on the parliament in Kampala on Tuesday. At least "
                          "twelve people were injured.", published="2020-05-08").events
    assert len(events) == 1 and events[0].category in ("protests", "riots") and events[0].injured == 12


def test_no_one_killed_is_zero() -> None:
    ev = extract_text("Gunmen attacked a police post in Kismayo on Tuesday. No one was killed, but two officers were "
                      "wounded.", published="2020-05-08").events[0]
    assert (ev.killed, ev.injured) == (0, 2)


@pytest.mark.parametrize("text", ["Two men threw a petrol bomb at a shop in Derry on Friday.",
                                  "Unknown assailants hurled incendiary devices at a church in Larne on Friday."])
def test_a_fire_bomb_thrown_is_an_attack_not_an_explosion(text: str) -> None:
    assert [e.subtype for e in extract_text(text, published="2020-05-09").events] == ["attack"]


def test_a_weak_cue_is_an_event_only_where_the_story_tells_no_other() -> None:
    events = extract_text("On 3 March 2021, hundreds of employees of the water utility outside its offices in Basra "
                          "demanding their unpaid wages.", published="2021-03-04").events
    assert [(e.subtype, e.date) for e in events] == [("peaceful_protest", "2021-03-03")]
    # not undated, and not beside a real event word
    assert not extract_text("Tens of thousands of people fled their homes in the border region earlier in the year, "
                            "analysts said.", published="2021-03-04").events
    events = extract_text("On 3 March 2021, gunmen abducted two engineers near Kirkuk. Their families demanded their "
                          "release.", published="2021-03-04").events
    assert [e.subtype for e in events] == ["abduction_forced_disappearance"]


@pytest.mark.parametrize("text,subtype", [
    ("On 6 May 2021, hundreds of armed tribesmen arrived in Harib district, Marib.", "change_to_group_activity"),
    ("On 6 May 2021, soldiers captured three militants near Tal Abyad.", "arrests"),
    ("On 6 May 2021, soldiers occupied the state broadcaster's offices in Bamako.", "other"),
    ("On 6 May 2021, Turkish troops blocked a Russian patrol near Darbasiyah and prevented the patrol from moving on.", "other"),
    ("On 6 May 2021, the governor of Van halted all entries to the city and exits from it for a week.", "change_to_group_activity"),
    ("On 6 May 2021, the governorate of Izmir announced a curfew for the weekend.", "change_to_group_activity"),
])
def test_more_weak_cues(text: str, subtype: str) -> None:
    assert [e.subtype for e in extract_text(text, published="2021-05-07").events] == [subtype]


def test_a_minister_arriving_is_no_event() -> None:
    assert not extract_text("On 6 May 2021, the foreign minister arrived in Geneva for talks.", published="2021-05-07").events


def test_a_force_that_bombarded_in_quotes_did() -> None:
    events = extract_text("On 1 May 2021, army units 'bombarded' a compound in Shah Joy district, Zabul.",
                          published="2021-05-02").events
    assert [e.subtype for e in events] == ["shelling_artillery_missile_attack"]
    assert not extract_text("On Monday he said his savings had been 'massacred' by the devaluation.",
                            published="2021-05-02").events


def test_a_claimants_word_in_quotes_is_their_claim() -> None:
    from tacitus.nlp import get_pipeline
    doc = get_pipeline()("In a statement released on Sunday, the group said its fighters had \"stormed\" a military camp "
                         "near Djibo.")
    assert "stormed" not in [t.text for t in doc._.tacitus_triggers]
    doc = get_pipeline()("On Sunday, army units 'stormed' a militant camp near Djibo.")
    assert "stormed" in [t.text for t in doc._.tacitus_triggers]


@pytest.mark.parametrize("text,group", [
    ("Gunmen opened fire on a bus near Gatumba on Friday, killing two passengers. No group claimed responsibility; "
     "however, the FNL is suspected.", "National Forces of Liberation"),
    ("A bomb exploded at a bus stand in Malda on Friday, wounding six people. No group claimed the attack, but police "
     "officials indicated that the Kamtapur Liberation Organization may have been responsible.", "Kamtapur Liberation Organisation"),
])
def test_an_attribution_after_no_claim(text: str, group: str) -> None:
    res = extract_text(text, published="2013-05-11")
    assert [c.actor for c in res.claims if c.stance == "attribution"] == [group]
    assert group in [a.name for a in res.events[0].actors if a.role == "perpetrator"]


def test_saying_an_army_answered_is_no_attribution() -> None:
    res = extract_text("Militants attacked a checkpoint near Malda on Friday. Police said the army was responsible for "
                       "security on the road.", published="2013-05-11")
    assert not [c for c in res.claims if c.stance == "attribution"]


def test_a_weak_cue_takes_the_day_its_first_paragraph_gives() -> None:
    events = extract_text("On 6 May 2021, heavy gunfire was heard overnight around Hpakant, Kachin State. More than 200 "
                          "villagers fled their village to Hpakant town.", published="2021-05-07").events
    assert [(e.subtype, e.date) for e in events] == [("other", "2021-05-06")]


def test_a_death_told_apart_belongs_to_the_event_before_it() -> None:
    events = extract_text("On Friday, armed men burst into a bar in Celaya and opened fire on the customers. Seven people "
                          "died.", published="2020-05-09").events
    assert len(events) == 1 and events[0].killed == 7
    assert not extract_text("The former governor died on Monday at the age of 86, his family said.",
                            published="2020-05-09").events
    events = extract_text("On Friday, gunmen attacked a bus near Kano, killing two passengers. A third passenger died of "
                          "a heart attack.", published="2020-05-09").events
    assert [e.killed for e in events] == [2]


def test_a_toll_in_a_sentence_of_its_own() -> None:
    ev = extract_text("Gunmen attacked a bus near Kano on Friday. The death toll has risen to 15.",
                      published="2020-05-09").events[0]
    assert ev.killed == 15
    # an aside in brackets, a toll only feared, and a sentence of death are no toll of the event
    ev = extract_text("Gunmen attacked a bus near Kano on Friday, killing two. (A militant channel reported 9 "
                      "fatalities.) Seven other deaths are feared.", published="2020-05-09").events[0]
    assert ev.killed == 2
    ev = extract_text("Gunmen abducted four officers near Arish on Friday and demanded the release of six members "
                      "recently sentenced to death.", published="2020-05-09").events[0]
    assert ev.killed is None


def test_a_vigilante_who_was_killed_makes_no_mob_violence() -> None:
    events = extract_text("Gunmen raided Kurmin Musa village in Kaduna state on Thursday night and abducted 12 people. A "
                          "member of the local vigilante group was shot dead while trying to stop them.",
                          published="2020-05-11").events
    assert [(e.subtype, e.killed) for e in events] == [("abduction_forced_disappearance", 1)]


def test_people_who_may_protest_elsewhere_are_civilians_when_harmed() -> None:
    ev = extract_text("On Saturday, armed men abducted 11 farmers outside Konduga in Borno state.", published="2020-05-11").events[0]
    assert [(a.name, a.role) for a in ev.actors if a.role == "target"] == [("Civilians (Nigeria)", "target")]


def test_another_kind_of_violence_on_a_vague_day_of_its_own_is_another_event() -> None:
    events = extract_text("On Saturday, armed men abducted 11 farmers outside Konduga in Borno state. A week ago, a suicide "
                          "bomber blew herself up at a market in Konduga, killing four people.", published="2020-05-11").events
    assert sorted((e.subtype, e.date) for e in events) == [("abduction_forced_disappearance", "2020-05-09"),
                                                          ("suicide_bomb", "2020-05-04")]


def test_a_capitalised_weapon_is_still_a_weapon() -> None:
    # the model keeps "Missiles" as a proper noun, whose lemma is the word itself
    ev = extract_text("On Sunday, the militants claimed the firing of three Grad Missiles towards an army garrison near "
                      "Kidal.", published="2020-05-04").events[0]
    assert ev.subtype == "shelling_artillery_missile_attack" and "missile" in ev.weapons


def test_a_movement_named_alone_is_the_movement_and_names_its_one_named_group_otherwise() -> None:
    def perps(text: str) -> list[str]:
        return [a.name for e in extract_text(text, published="2024-08-20").events for a in e.actors if a.role == "perpetrator"]

    # "Maoists" alone are the insurgent movement, not one party of it
    assert perps("Maoists shot dead a former village head near Dantewada on Monday, police said.") == ["Maoists (India)"]
    # in a story that names the party, the movement's name stands for it
    assert perps("On Monday, Maoists set fire to three trucks near Dantewada. Police said cadres of the Communist Party of "
                 "India (Maoist) had been seen in the area.") == ["Communist Party of India (Maoist)"]


def test_there_were_protests_is_told_as_happening() -> None:
    events = extract_text("There were protests in Kisumu against the electoral commission.", published="2017-10-04").events
    assert [e.subtype for e in events] == ["peaceful_protest"]
    assert not extract_text("There were no protests in Kisumu on Monday.", published="2017-10-04").events
    assert not extract_text("There have been protests against the commission in several towns this year.",
                            published="2017-10-04").events


def test_burning_a_station_or_a_granary_destroys_property() -> None:
    ev = extract_text("On Friday, suspected militants burned the police station and a granary near Djibo.",
                      published="2020-08-15").events[0]
    assert ev.subtype == "looting_property_destruction"


def test_a_person_told_by_age_is_one_victim() -> None:
    ev = extract_text("A 35-year-old was killed by gunmen in Kisumu on Monday.", published="2020-05-05").events[0]
    assert ev.killed == 1
    ev = extract_text("An 18 year old was shot and seriously injured in Kisumu on Monday.", published="2020-05-05").events[0]
    assert ev.injured == 1


@pytest.mark.parametrize("text,subtype", [
    ("On Tuesday, gunmen entered the village, pillaged shops and drove away the cattle.", "looting_property_destruction"),
    ("On Thursday night, residents of several districts banged pots from their windows against the president.", "peaceful_protest"),
    ("Bus drivers observed a work stoppage on Monday to press their demands for better pay.", "peaceful_protest"),
])
def test_pillage_pots_and_work_stoppages(text: str, subtype: str) -> None:
    assert [e.subtype for e in extract_text(text, published="2020-05-02").events] == [subtype]


def test_a_group_saying_it_carried_out_the_operation_claims_it() -> None:
    res = extract_text("A suicide bomber drove a car into an army checkpoint in Beledweyne on Monday, killing four "
                       "soldiers. Al-Shabaab said in a statement on its radio that it had carried out the \"martyrdom "
                       "operation\".", published="2024-12-03")
    assert [(c.stance, c.actor) for c in res.claims] == [("claim", "Al Shabaab")]
    assert res.events[0].claimed is True
    # saying it carried out a survey claims nothing
    res = extract_text("A suicide bomber drove a car into an army checkpoint in Beledweyne on Monday, killing four "
                       "soldiers. Al-Shabaab said that it had carried out a survey of its supporters.", published="2024-12-03")
    assert not res.claims


@pytest.mark.parametrize("text,actor", [
    # a deed that tells violence whatever its object
    ("Gunmen ambushed a fuel convoy near Kolondieba on Saturday, burning 20 tankers. JNIM said in a message that its "
     "fighters had destroyed the junta's convoy.", "Jama'at Nusrat al-Islam wal-Muslimin"),
    # a force's spokesman speaking of another arm of that force
    ("A drone strike hit a pickup near Dangila on Monday, killing five people. An army spokesman said on state television "
     "that the air force had struck a unit of the militia.", "Military Forces of Ethiopia"),
])
def test_a_force_or_group_saying_it_did_the_deed_claims_it(text: str, actor: str) -> None:
    res = extract_text(text, published="2024-05-21")
    assert ("claim", actor) in [(c.stance, c.actor) for c in res.claims]


def test_a_ranks_abbreviation_ends_no_sentence() -> None:
    res = extract_text("Shells hit a market in Taiz on Friday, killing four people. A Houthi military spokesman, Brig. Gen. "
                       "Fadl al-Marani, denied that the group's forces had fired on the area.", published="2024-10-19")
    denials = [c for c in res.claims if c.stance == "denial"]
    assert len(denials) == 1 and denials[0].speaker == "Fadl al-Marani"


def test_whom_a_group_is_tied_to_is_not_who_acted() -> None:
    ev = extract_text("Al-Qaeda-linked fighters ambushed an army convoy near Diema on Sunday, killing nine soldiers.",
                      published="2026-02-09").events[0]
    assert not [a.name for a in ev.actors if a.name == "al-Qaeda"]


def test_the_dead_said_to_be_members_of_a_group_is_an_attribution_to_it() -> None:
    res = extract_text("Security forces killed three militants in a gunfight in Kulgam on Thursday. Police said the dead "
                       "were members of Lashkar-e-Taiba. The Resistance Front, an offshoot of the group, claimed a grenade "
                       "attack in Anantnag on Monday.", published="2024-11-22")
    # a body with a name of its own is not renamed for its offshoot
    assert ("attribution", "Lashkar-e-Taiba") in [(c.stance, c.actor) for c in res.claims]


def test_a_statement_belongs_to_the_event_told_in_its_paragraph() -> None:
    # the first story is told at more length, which made it the one every statement was linked to
    res = extract_text("Gunmen attacked a police post in Kulgam on Thursday, killing two officers. The attackers fired "
                       "rockets at the post and then exchanged fire with soldiers for an hour, police said. Two more "
                       "officers were wounded in the gunfight.\n\nOn Monday, militants hurled a grenade at a bus stand in "
                       "Anantnag, wounding six people. Police said the attackers were members of Lashkar-e-Taiba.",
                       published="2024-11-23")
    grenade = next(e for e in res.events if e.subtype == "grenade")
    assert [(c.stance, c.actor, c.event) for c in res.claims] == [("attribution", "Lashkar-e-Taiba", grenade.id)]
