"""Citation registry: the two source articles, the literature, and where each claim lives.

Every source key used by a rule or a model constant is defined here. ``CLAIMS`` maps each
numbered claim of the two articles (A1-A9, B1-B10) to the rules or policies that implement it,
or marks it as information only; a test keeps that map complete.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Source:
    """A citable source."""

    key: str
    citation: str
    doi: str | None = None
    verified: bool = True


_SOURCES = (
    Source(
        "article_a", 'Article A, "Running after leg day" (a gym-access provider\'s blog).', None
    ),
    Source(
        "article_b",
        'Article B, "Should you run after leg day? (3 great exercises for recovery)".',
        None,
    ),
    Source(
        "assumpcao2013",
        "Assumpção CO et al. Exercise-induced muscle damage and running "
        "economy in humans. ScientificWorldJournal 2013:189149.",
        "10.1155/2013/189149",
    ),
    Source(
        "banister1991",
        "Banister EW. Modeling elite athletic performance. In: Physiological "
        "Testing of Elite Athletes. Human Kinetics; 1991:403-424.",
        None,
        False,
    ),
    Source(
        "blagrove2018",
        "Blagrove RC, Howatson G, Hayes PR. Effects of strength training on "
        "the physiological determinants of middle- and long-distance running performance. "
        "Sports Med 2018;48:1117-1149.",
        "10.1007/s40279-017-0835-7",
    ),
    Source(
        "brown2017",
        "Brown F et al. Compression garments and recovery from exercise: a "
        "meta-analysis. Sports Med 2017;47:2245-2267.",
        "10.1007/s40279-017-0728-9",
    ),
    Source(
        "buist2008",
        "Buist I et al. No effect of a graded training program on the number of "
        "running-related injuries in novice runners: an RCT. Am J Sports Med 2008;36:33-39.",
        "10.1177/0363546507307505",
    ),
    Source(
        "cheung2003",
        "Cheung K, Hume PA, Maxwell L. Delayed onset muscle soreness: "
        "treatment strategies and performance factors. Sports Med 2003;33:145-164.",
        "10.2165/00007256-200333020-00005",
    ),
    Source(
        "clarke_skiba2013",
        "Clarke DC, Skiba PF. Rationale and resources for teaching the "
        "mathematical modeling of athletic training and performance. Adv Physiol Educ "
        "2013;37:134-152.",
        "10.1152/advan.00078.2011",
    ),
    Source(
        "craven2022",
        "Craven J et al. Effects of acute sleep loss on physical performance: a "
        "systematic and meta-analytical review. Sports Med 2022;52:2669-2690.",
        "10.1007/s40279-022-01706-y",
    ),
    Source(
        "davis2020",
        "Davis HL, Alabed S, Chico TJA. Effect of sports massage on performance "
        "and recovery: a systematic review and meta-analysis. BMJ Open SEM 2020;6:e000614.",
        "10.1136/bmjsem-2019-000614",
    ),
    Source(
        "day2004",
        "Day ML et al. Monitoring exercise intensity during resistance training "
        "using the session RPE scale. J Strength Cond Res 2004;18:353-358.",
    ),
    Source(
        "doma2015",
        "Doma K et al. The repeated bout effect of typical lower body strength "
        "training sessions on sub-maximal running performance. Eur J Appl Physiol "
        "2015;115:1789-1799.",
    ),
    Source(
        "doma2017",
        "Doma K et al. The repeated bout effect of traditional resistance "
        "exercises on running performance across 3 bouts. Appl Physiol Nutr Metab "
        "2017;42:978-985.",
        "10.1139/apnm-2017-0214",
    ),
    Source(
        "doma2019",
        "Doma K et al. The effect of a resistance training session on "
        "physiological and thermoregulatory measures of sub-maximal running performance in "
        "the heat. Sports Med Open 2019;5:21.",
        "10.1186/s40798-019-0195-y",
    ),
    Source(
        "doma_deakin2013",
        "Doma K, Deakin GB. The effects of strength training and "
        "endurance training order on running economy and performance. Appl Physiol Nutr "
        "Metab 2013;38:651-656.",
        "10.1139/apnm-2012-0362",
    ),
    Source(
        "dupuy2018",
        "Dupuy O et al. An evidence-based approach for choosing post-exercise "
        "recovery techniques: a systematic review with meta-analysis. Front Physiol "
        "2018;9:403.",
        "10.3389/fphys.2018.00403",
    ),
    Source(
        "eddens2018",
        "Eddens L, van Someren K, Howatson G. The role of intra-session "
        "exercise sequence in the interference effect. Sports Med 2018;48:177-188.",
        "10.1007/s40279-017-0784-1",
    ),
    Source("edwards1993", "Edwards S. The Heart Rate Monitor Book. 1993.", None, False),
    Source(
        "fernandes2019",
        "Fernandes JFT, Lamb KL, Twist C. Exercise-induced muscle damage and "
        "recovery in young and middle-aged males with different resistance training "
        "experience. Sports 2019;7:132.",
        "10.3390/sports7060132",
    ),
    Source(
        "foster1998",
        "Foster C. Monitoring training in athletes with reference to "
        "overtraining syndrome. Med Sci Sports Exerc 1998;30:1164-1168.",
    ),
    Source(
        "foster2001",
        "Foster C et al. A new approach to monitoring exercise training. "
        "J Strength Cond Res 2001;15:109-115.",
    ),
    Source(
        "frandsen2025",
        "Frandsen JSB et al. How much running is too much? Identifying "
        "high-risk running sessions in a 5200-person cohort study. Br J Sports Med 2025.",
        "10.1136/bjsports-2024-109380",
    ),
    Source(
        "fyfe2019",
        "Fyfe JJ et al. Cold water immersion attenuates anabolic signaling and "
        "skeletal muscle fiber hypertrophy following whole-body resistance training. "
        "J Appl Physiol 2019;127:1403-1418.",
        "10.1152/japplphysiol.00127.2019",
    ),
    Source(
        "gao_yu2023",
        "Gao J, Yu L. Effects of concurrent training sequence on VO2max and "
        "lower limb strength performance: a systematic review and meta-analysis. Front "
        "Physiol 2023;14:1072679.",
        "10.3389/fphys.2023.1072679",
    ),
    Source(
        "hackney2008",
        "Hackney KJ, Engels H-J, Gretebeck RJ. Resting energy expenditure and "
        "delayed-onset muscle soreness after full-body resistance training with an eccentric "
        "concentration. J Strength Cond Res 2008;22:1602-1609.",
        "10.1519/JSC.0b013e31818222c5",
    ),
    Source(
        "hayes2023",
        "Hayes EJ et al. Recovery from resistance exercise in older adults: a "
        "systematic scoping review. Sports Med Open 2023;9:51.",
        "10.1186/s40798-023-00597-1",
    ),
    Source(
        "herbert2011",
        "Herbert RD, de Noronha M, Kamper SJ. Stretching to prevent or reduce "
        "muscle soreness after exercise. Cochrane Database Syst Rev 2011;CD004577.",
        "10.1002/14651858.CD004577.pub3",
    ),
    Source(
        "huiberts2024",
        "Huiberts RO, Wüst RCI, van der Zwaard S. Concurrent strength and "
        "endurance training: impact of sex and training status. Sports Med 2024;54:485-503.",
        "10.1007/s40279-023-01943-9",
    ),
    Source(
        "impellizzeri2020",
        "Impellizzeri FM et al. Training load and its role in injury "
        "prevention, part 2: conceptual and methodologic pitfalls. J Athl Train "
        "2020;55:893-901.",
        "10.4085/1062-6050-501-19",
    ),
    Source(
        "impellizzeri2021",
        "Impellizzeri FM et al. What role do chronic workloads play in "
        "the acute to chronic workload ratio? Time to dismiss ACWR. Sports Med "
        "2021;51:581-592.",
        "10.1007/s40279-020-01378-6",
    ),
    Source(
        "kakouris2021",
        "Kakouris N, Yener N, Fong DTP. A systematic review of "
        "running-related musculoskeletal injuries in runners. J Sport Health Sci "
        "2021;10:513-522.",
    ),
    Source(
        "knowles2018",
        "Knowles OE et al. Inadequate sleep and muscle strength: implications "
        "for resistance training. J Sci Med Sport 2018;21:959-968.",
    ),
    Source(
        "lolli2019",
        "Lolli L et al. Mathematical coupling causes spurious correlation within "
        "the conventional acute-to-chronic workload ratio calculations. Br J Sports Med "
        "2019;53:921.",
    ),
    Source(
        "lundberg2022",
        "Lundberg TR et al. The effects of concurrent aerobic and strength "
        "training on muscle fiber hypertrophy. Sports Med 2022;52:2391-2403.",
        "10.1007/s40279-022-01688-x",
    ),
    Source(
        "marcora2007",
        "Marcora SM, Bosio A. Effect of exercise-induced muscle damage on "
        "endurance running performance in humans. Scand J Med Sci Sports 2007;17:662-671.",
        "10.1111/j.1600-0838.2006.00627.x",
    ),
    Source(
        "marques2019",
        "Marques A et al. Prevalence of risk for exercise dependence: a "
        "systematic review. Sports Med 2019;49:319-330.",
        "10.1007/s40279-018-1011-4",
    ),
    Source(
        "marshall2018",
        "Marshall PWM, Cross R, Haynes M. The fatigue of a full body "
        "resistance exercise session in trained men. J Sci Med Sport 2018;21:422-426.",
        "10.1016/j.jsams.2017.06.020",
    ),
    Source(
        "mcbride2009",
        "McBride JM et al. Comparison of methods to quantify volume during "
        "resistance exercise. J Strength Cond Res 2009;23:106-110.",
    ),
    Source(
        "meeusen2013",
        "Meeusen R et al. Prevention, diagnosis, and treatment of the "
        "overtraining syndrome: ECSS/ACSM consensus. Med Sci Sports Exerc 2013;45:186-205.",
        "10.1249/MSS.0b013e318279a10a",
    ),
    Source(
        "morton1990",
        "Morton RH, Fitz-Clarke JR, Banister EW. Modeling human performance in "
        "running. J Appl Physiol 1990;69:1171-1177.",
    ),
    Source(
        "nielsen2014",
        "Nielsen RO et al. Excessive progression in weekly running distance "
        "and risk of running-related injuries. J Orthop Sports Phys Ther 2014;44:739-747.",
    ),
    Source(
        "petre2021",
        "Petré H et al. Development of maximal dynamic strength during "
        "concurrent resistance and endurance training. Sports Med 2021;51:991-1010.",
        "10.1007/s40279-021-01426-9",
    ),
    Source(
        "pinero2024",
        "Piñero A et al. Throwing cold water on muscle growth: a systematic "
        "review with meta-analysis of post-exercise cold water immersion. 2024 (preprint).",
        "10.51224/SRXIV.301",
        False,
    ),
    Source(
        "ratamess2009",
        "Ratamess NA et al. ACSM position stand: progression models in "
        "resistance training for healthy adults. Med Sci Sports Exerc 2009;41:687-708.",
    ),
    Source(
        "roberts2015",
        "Roberts LA et al. Post-exercise cold water immersion attenuates acute "
        "anabolic signalling and long-term adaptations in muscle to strength training. "
        "J Physiol 2015;593:4285-4301.",
        "10.1113/JP270570",
    ),
    Source(
        "robineau2016",
        "Robineau J et al. Specific training effects of concurrent aerobic "
        "and strength exercises depend on recovery duration. J Strength Cond Res "
        "2016;30:672-683.",
        "10.1519/JSC.0000000000000798",
    ),
    Source(
        "schoenfeld2016",
        "Schoenfeld BJ, Ogborn D, Krieger JW. Effects of resistance "
        "training frequency on measures of muscle hypertrophy. Sports Med 2016;46:1689-1697.",
        "10.1007/s40279-016-0543-8",
    ),
    Source(
        "schumann2022",
        "Schumann M et al. Compatibility of concurrent aerobic and strength "
        "training for skeletal muscle size and function. Sports Med 2022;52:601-612.",
        "10.1007/s40279-021-01587-7",
    ),
    Source(
        "terry2004",
        "Terry A, Szabo A, Griffiths M. The Exercise Addiction Inventory. "
        "Addict Res Theory 2004;12:489-499.",
    ),
    Source(
        "van_gent2007",
        "van Gent R et al. Incidence and determinants of lower extremity "
        "running injuries in long distance runners. Br J Sports Med 2007;41:469-480.",
        "10.1136/bjsm.2006.033548",
    ),
    Source(
        "williams2017",
        "Williams S et al. Better way to determine the acute:chronic workload "
        "ratio? Br J Sports Med 2017;51:209.",
        "10.1136/bjsports-2016-096589",
    ),
    Source(
        "wilson2012",
        "Wilson JM et al. Concurrent training: a meta-analysis examining "
        "interference of aerobic and resistance exercises. J Strength Cond Res "
        "2012;26:2293-2307.",
        "10.1519/JSC.0b013e31823a3e2d",
    ),
    Source(
        "zainuddin2006",
        "Zainuddin Z et al. Light concentric exercise has a temporarily "
        "analgesic effect on DOMS, but no effect on recovery from eccentric exercise. "
        "Appl Physiol Nutr Metab 2006;31:126-134.",
        "10.1139/H05-010",
    ),
    Source(
        "zourdos2016",
        "Zourdos MC et al. Novel resistance training-specific RPE scale "
        "measuring repetitions in reserve. J Strength Cond Res 2016;30:267-275.",
        "10.1519/JSC.0000000000001049",
    ),
    Source(
        "runready_heuristic",
        "runready product choice: a threshold or constant with no "
        "direct measurement behind it, chosen to match the evidence windows above.",
        None,
        False,
    ),
    # Dose-response of recovery (shared/research/evidence-dose.md). ``verified`` is False where
    # the number or the record was only partly seen ([P]).
    Source(
        "gonzalez_badillo2016",
        "Gonzalez-Badillo JJ et al. Short-term recovery following resistance exercise leading or "
        "not to failure. Int J Sports Med 2016;37:295-304.",
        "10.1055/s-0035-1564254",
    ),
    Source(
        "moran_navarro2017",
        "Moran-Navarro R et al. Time course of recovery following resistance training leading or "
        "not to failure. Eur J Appl Physiol 2017;117:2387-2399.",
        "10.1007/s00421-017-3725-7",
    ),
    Source(
        "pareja_blanco2019",
        "Pareja-Blanco F et al. Time course of recovery following resistance exercise with "
        "different loading magnitudes and velocity loss in the set. Sports 2019;7:59.",
        "10.3390/sports7030059",
    ),
    Source(
        "refalo2023",
        "Refalo MC et al. Influence of resistance training proximity-to-failure on neuromuscular "
        "fatigue in resistance-trained males and females. Sports Med Open 2023;9:10.",
        "10.1186/s40798-023-00554-y",
    ),
    Source(
        "bartolomei2017",
        "Bartolomei S et al. Comparison of the recovery response from high-intensity and "
        "high-volume resistance exercise in trained men. Eur J Appl Physiol 2017;117:1287-1298.",
        "10.1007/s00421-017-3598-9",
    ),
    Source(
        "chen_nosaka2006",
        "Chen TC, Nosaka K. Effects of number of eccentric muscle actions on first and second "
        "bouts of eccentric exercise of the elbow flexors. J Sci Med Sport 2006;9:57-66.",
        None,
    ),
    Source(
        "sets_7_14_21_2026",
        "(Authors not verified.) Don't sweat the swelling: exercise volume's transient effects "
        "in trained men (7 vs 14 vs 21 lower-body sets). Thieme journal, 2026.",
        "10.1055/a-2791-5145",
        False,
    ),
    Source(
        "dourado2023",
        "Dourado MAA et al. Different time course recovery of muscle edema within the "
        "quadriceps femoris and functional performance after single- vs multi-joint exercises. "
        "Biol Sport 2023;40:767-774.",
        "10.5114/biolsport.2023.119984",
    ),
    Source(
        "chen2011",
        "Chen TC et al. Comparison in eccentric exercise-induced muscle damage among four limb "
        "muscles. Eur J Appl Physiol 2011;111:211-223.",
        "10.1007/s00421-010-1648-7",
    ),
    Source(
        "vasenina2025",
        "Vasenina E et al. Sensitivity of structural and mechanical markers of muscle and tendon "
        "damage responses following eccentric plantar flexor exercise. J Strength Cond Res "
        "2025 (ahead of print).",
        None,
    ),
    Source(
        "clarkson_hubal2002",
        "Clarkson PM, Hubal MJ. Exercise-induced muscle damage in humans. Am J Phys Med Rehabil "
        "2002;81(11 Suppl):S52-S69.",
        None,
    ),
    Source(
        "nosaka2005",
        "Nosaka K, Newton MJ, Sacco P. Attenuation of protective effect against eccentric "
        "exercise-induced muscle damage. Can J Appl Physiol 2005;30:529-542.",
        None,
    ),
    Source(
        "petersen2007",
        "Petersen K et al. Muscle mechanical characteristics in fatigue and recovery from a "
        "marathon race in highly trained runners. Eur J Appl Physiol 2007;101:385-396.",
        "10.1007/s00421-007-0504-x",
    ),
    Source(
        "sherman1984",
        "Sherman WM et al. Effect of a 42.2-km footrace and subsequent rest or exercise on "
        "muscular strength and work capacity. J Appl Physiol 1984;57:1668-1673.",
        None,
        False,
    ),
    Source(
        "takayama2017",
        "Takayama F et al. Effects of marathon running on aerobic fitness and performance in "
        "recreational runners one week after a race. J Sports Med 2017:9402386.",
        "10.1155/2017/9402386",
    ),
    Source(
        "martinez_navarro2021",
        "Martinez-Navarro I et al. The week after running a marathon: effects of running vs "
        "elliptical training vs resting on neuromuscular performance and muscle damage recovery. "
        "Eur J Sport Sci 2021;21:1668-1674.",
        "10.1080/17461391.2020.1857441",
    ),
    Source(
        "bosak2009",
        "Bosak A et al. Comparison of 5 km running performance after 24 and 72 hours of passive "
        "recovery. The Sport Journal 2009.",
        None,
    ),
    Source(
        "nuuttila2021",
        "Nuuttila OP et al. Acute physiological responses to four running sessions performed at "
        "different intensity zones. Int J Sports Med 2021;42:513-522.",
        "10.1055/a-1263-1034",
    ),
    Source(
        "pfitzinger_douglas",
        "Pfitzinger P, Douglas S. Advanced Marathoning, 2nd ed. Human Kinetics (the hard/easy "
        "principle).",
        None,
        False,
    ),
    Source(
        "chen2007",
        "Chen TC, Nosaka K, Tu JH. Changes in running economy following downhill running. "
        "J Sports Sci 2007;25:55-63.",
        None,
    ),
    Source(
        "chen2009",
        "Chen TC et al. Changes in running economy at different intensities following downhill "
        "running. J Sports Sci 2009;27:1137-1144.",
        None,
    ),
    Source(
        "bontemps2020",
        "Bontemps B et al. Downhill running: what are the effects and how can we adapt? "
        "A narrative review. Sports Med 2020;50:2083-2110.",
        "10.1007/s40279-020-01355-z",
    ),
    Source(
        "khassetarash2021",
        "Khassetarash A et al. Neuromuscular, biomechanical, and energetic adjustments following "
        "repeated bouts of downhill running. J Sport Health Sci 2022 (online 2021).",
        None,
        False,
    ),
    Source(
        "sporer_wenger2003",
        "Sporer BC, Wenger HA. Effects of aerobic exercise on strength performance following "
        "various periods of recovery. J Strength Cond Res 2003;17:638-644.",
        None,
    ),
    Source(
        "paulsen2012",
        "Paulsen G et al. Leucocytes, cytokines and satellite cells: what role do they play in "
        "muscle damage and regeneration following eccentric exercise? Exerc Immunol Rev "
        "2012;18.",
        None,
        False,
    ),
    Source(
        "nosaka_clarkson1996",
        "Nosaka K, Clarkson PM. Variability in serum creatine kinase response after eccentric "
        "exercise of the elbow flexors. Int J Sports Med 1996;17:120-127.",
        "10.1055/s-2007-972819",
    ),
    Source(
        "kolossa2017",
        "Kolossa D et al. Performance estimation using the fitness-fatigue model with Kalman "
        "filter feedback. Int J Comput Sci Sport 2017;16(2).",
        None,
        False,
    ),
    Source(
        "marchal2025",
        "Marchal A, Benazieb O, Weldegebriel Y, Meline T, Imbach F. Statistical flaws of the "
        "fitness-fatigue sports performance prediction model. Sci Rep 2025.",
        "10.1038/s41598-025-88153-7",
    ),
    Source(
        "saw2016",
        "Saw AE, Main LC, Gastin PB. Monitoring the athlete training response: subjective "
        "self-reported measures trump commonly used objective measures: a systematic review. "
        "Br J Sports Med 2016;50:281-291.",
        None,
    ),
    Source(
        "gordon2017",
        "Gordon JA III et al. Comparisons in the recovery response from resistance exercise "
        "between young and middle-aged men. J Strength Cond Res 2017;31:3454-3462.",
        "10.1519/JSC.0000000000002219",
    ),
    Source(
        "flatt2019",
        "Flatt AA, Globensky L, Bass E, Sapp BL, Riemann BL. Heart rate variability, "
        "neuromuscular and perceptual recovery following resistance training. Sports "
        "2019;7:225.",
        "10.3390/sports7100225",
    ),
    Source(
        "plews2014",
        "Plews DJ et al. Monitoring training with heart-rate variability: how much compliance "
        "is needed for valid assessment? Int J Sports Physiol Perform 2014;9:783-790.",
        "10.1123/ijspp.2013-0455",
    ),
    Source(
        "kiviniemi2007",
        "Kiviniemi AM, Hautala AJ, Kinnunen H, Tulppo MP. Endurance training guided "
        "individually by daily heart rate variability measurements. Eur J Appl Physiol "
        "2007;101:743-751.",
        "10.1007/s00421-007-0552-2",
    ),
    Source(
        "vesterinen2016",
        "Vesterinen V et al. Individual endurance training prescription with heart rate "
        "variability. Med Sci Sports Exerc 2016;48:1347-1354.",
        "10.1249/MSS.0000000000000910",
    ),
    Source(
        "buchheit2014",
        "Buchheit M. Monitoring training status with HR measures: do all roads lead to Rome? "
        "Front Physiol 2014;5:73.",
        "10.3389/fphys.2014.00073",
    ),
    Source(
        "duking2021",
        "Duking P et al. Monitoring and adapting endurance training on the basis of heart rate "
        "variability monitored by wearable technologies: a systematic review with "
        "meta-analysis. J Sci Med Sport 2021;24:1180-1192.",
        "10.1016/j.jsams.2021.04.012",
    ),
    Source(
        "nuuttila2022",
        "Nuuttila OP et al. Individualized endurance training based on recovery and training "
        "status in recreational runners. Med Sci Sports Exerc 2022;54:1690-1701.",
        "10.1249/MSS.0000000000002968",
    ),
    Source(
        "nuuttila2022_nocturnal",
        "Nuuttila OP, Seipajarvi S, Kyrolainen H, Nummela A. Reliability and sensitivity of "
        "nocturnal heart rate and heart-rate variability in monitoring individual responses to "
        "training load. Int J Sports Physiol Perform 2022;17:1296-1303.",
        "10.1123/ijspp.2022-0145",
    ),
)

SOURCES: dict[str, Source] = {source.key: source for source in _SOURCES}


@dataclass(frozen=True, slots=True)
class Claim:
    """A numbered claim of one of the two source articles, and where runready handles it."""

    id: str
    text: str
    rules: tuple[str, ...]
    policies: tuple[str, ...] = ()
    info_only: str | None = None
    sources: tuple[str, ...] = ()


CLAIMS: dict[str, Claim] = {
    claim.id: claim
    for claim in (
        Claim(
            "A1",
            "Gentle cardio after leg day helps; keep it gentle.",
            ("R4", "R8"),
            ("active", "balanced"),
        ),
        Claim("A2", "Running on sore legs is fine if gentle.", ("R7", "A2"), ("active",)),
        Claim(
            "A3",
            "If you feel fresh, a harder run is plausible.",
            ("R15", "A3"),
            ("active", "balanced"),
        ),
        Claim(
            "A4",
            "Same day: lift first, run after, not hard.",
            ("R1", "R3", "A4"),
            ("active", "balanced"),
        ),
        Claim(
            "A5",
            "After squats, wait about 6 hours, then run at low-to-moderate intensity.",
            ("R3", "R4", "A5"),
            ("active", "balanced"),
        ),
        Claim(
            "A6", "Ideally run the day after a serious leg day.", ("R4", "R5", "A6"), ("active",)
        ),
        Claim(
            "A7",
            "A rest day can hold an easy run; after very intense legs, pure recovery.",
            ("R8", "R10"),
            ("balanced",),
        ),
        Claim(
            "A8",
            "Keep post-leg-day runs enjoyable so motivation lasts.",
            (),
            info_only="Motivation advice; nothing to compute.",
        ),
        Claim(
            "A9",
            "Leg day plus running burns a lot of energy and builds endurance.",
            (),
            info_only="Energy expenditure is not part of the run decision.",
        ),
        Claim(
            "B1",
            "Avoid high-impact running after leg day; stay active with low impact.",
            ("B1", "R4", "R5"),
            ("conservative",),
        ),
        Claim(
            "B2",
            "Overuse injuries are common in runners (30-75 %).",
            ("R12", "R13"),
            info_only="No source for 30-75 % was found; reviews report 19-79 % (about 40 % "
            "on average). The load rules address injury risk instead.",
            sources=("van_gent2007", "kakouris2021"),
        ),
        Claim("B3", "Too little recovery harms muscle development.", ("R11",), ("balanced",)),
        Claim(
            "B4",
            "Too much exercise hurts mood; about 3 % become addicted.",
            ("R24",),
            info_only="Risk of exercise dependence is 3-7 % of regular exercisers; a chronic "
            "wellbeing topic that never gates a single run.",
            sources=("marques2019",),
        ),
        Claim(
            "B5",
            "Overtraining shows as declining performance.",
            ("R22", "R23"),
            ("balanced", "active", "conservative"),
        ),
        Claim(
            "B6",
            "Run before legs for mass or strength, after legs for running.",
            ("B6", "R1", "R2"),
            ("conservative",),
        ),
        Claim(
            "B7",
            "Alternatives: walking (treadmill if in pain), upper body, yoga, stretching.",
            ("B7", "R7"),
            ("conservative", "balanced"),
        ),
        Claim(
            "B8",
            "Recovery: massage, stretching, yoga, cold exposure, compression.",
            ("B8", "R16", "R17"),
            ("conservative", "balanced"),
        ),
        Claim(
            "B9",
            "For muscle gain allow at least 48 h before a high-intensity run.",
            ("B9", "R5"),
            ("conservative", "balanced"),
        ),
        Claim(
            "B10",
            "Listen to your body when choosing the day's exercise.",
            ("B10", "R7"),
            ("balanced", "active", "conservative"),
        ),
    )
}
