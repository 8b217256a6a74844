"""Conditions, evidence, techniques and trial dose (clinical.md §1a) and ICD-10-CM map (§1b)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from petrissage.domain.icd10 import normalise
from petrissage.domain.plans.techniques import PlanTechnique as T


class Certainty(StrEnum):
    """Certainty of evidence as rated by the cited review (clinical.md legend)."""

    MOD = "Mod"
    LOW = "Low"
    VLOW = "VLow"
    INSUFF = "Insuff."


NO_TRIAL_DOSE = "no trial dose; short course, adjunct to active care, re-measure"  # §0.1


@dataclass(frozen=True)
class Dose:
    minutes: int  # 30 / 45 / 60 / 90
    per_week: int  # the frequency proposed (lowest effective of a trial range)
    weeks: int
    per_week_max: int | None = None  # upper end of a trial range (neck 2-3x/wk [N3])
    from_trial: bool = True
    basis: str = NO_TRIAL_DOSE

    @property
    def visits(self) -> int:
        return self.per_week * self.weeks


# §0.1: where no trial dose exists, a short course labelled as such. 45 min weekly x 4 weeks
# is ours (U), inside the 45-60 min weekly x 4 weeks the brief gives.
SHORT_COURSE = Dose(45, 1, 4, from_trial=False)


@dataclass(frozen=True)
class ConditionEvidence:
    key: str
    label: str
    certainty: Certainty
    certainty_stated: bool  # False: clinical.md gives no rating; ours from its wording (U)
    evidence: str
    sources: tuple[str, ...]
    techniques: tuple[T, ...]  # from "techniques with evidence"; empty = none with evidence
    dose: Dose
    default_places: tuple[str, ...]  # region codes or areas used when none are given
    home_care: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def certainty_label(self) -> str:
        return self.certainty.value if self.certainty_stated else f"{self.certainty.value} (U)"


# Techniques used when no technique has trial evidence (ours): gentle, low-pressure work.
FALLBACK_TECHNIQUES: tuple[T, ...] = (T.SWEDISH, T.STRETCHING)
_ACTIVE = "Active care as advised by the referring clinician (massage is an adjunct) [§0.1]."


def _c(*rows: ConditionEvidence) -> dict[str, ConditionEvidence]:
    return {row.key: row for row in rows}


CONDITIONS: dict[str, ConditionEvidence] = _c(
    ConditionEvidence(
        "chronic_low_back_pain", "Chronic/subacute low back pain", Certainty.LOW, True,
        "Better than inactive control for pain and function short-term only; Low/VLow "
        "(25 RCTs). ACP 2017 lists massage for acute/subacute LBP, not first-line for chronic.",
        ("L1", "L2", "L3"),
        (T.SWEDISH, T.MYOFASCIAL_RELEASE, T.NEUROMUSCULAR, T.TRIGGER_POINT),
        Dose(60, 1, 10, basis="10 sessions over 10 wk, ~1 h each (Cherkin) [L3]"),
        ("lower back", "gluteals-left", "gluteals-right"),
        (_ACTIVE, "Keep active; record RDQ/PSFS change against baseline [L3]."),
    ),
    ConditionEvidence(
        "neck_pain", "Neck pain (subacute-chronic)", Certainty.MOD, False,
        "Vs sham at ~12 wk probably little/no difference (Cochrane 2024). Dose trial: 60-min "
        "sessions 2x/wk (RR 3.41) and 3x/wk (RR 4.98) beat wait-list; 30-min sessions did not.",
        ("N1", "N2", "N3", "N4"),
        (T.SWEDISH, T.MYOFASCIAL_RELEASE, T.TRIGGER_POINT, T.DEEP_TISSUE),
        Dose(60, 2, 4, per_week_max=3, basis="60 min, 2-3x/wk, 4 wk (dose trial) [N3]"),
        ("neck", "upper-trapezius-left", "upper-trapezius-right"),
        (_ACTIVE, "Expect some treatment soreness for 1-3 days [N1][AE1]."),
    ),
    ConditionEvidence(
        "whiplash", "Whiplash-associated disorder", Certainty.INSUFF, True,
        "Only 1 whiplash trial in Cochrane 2024; guidelines favour education, exercise and "
        "multimodal care. Massage is an adjunct only.",
        ("N1", "N4", "N5"),
        # Suboccipital inhibition ~ myofascial release; "soft tissue" ~ Swedish.
        (T.MYOFASCIAL_RELEASE, T.SWEDISH),
        # No trial dose; 60 min because 30-min neck sessions were ineffective [N3] (U).
        Dose(60, 1, 4, from_trial=False),
        ("neck",),
        ("Education and exercise as advised (guideline first-line care) [N5].",),
    ),
    ConditionEvidence(
        "tension_headache", "Tension-type headache", Certainty.LOW, True,
        "TrP massage: headache frequency fell in massage and placebo alike; perceived change "
        "and pressure-pain threshold better with massage. SR of chronic TTH: one RCT, Low.",
        ("H1", "H2", "H3"),
        # Trigger-point release, cervical/suboccipital (suboccipital release ~ MFR).
        (T.TRIGGER_POINT, T.MYOFASCIAL_RELEASE),
        Dose(45, 2, 6, basis="12 sessions over 6 wk (2x/wk); 45-min sessions in the pilot "
             "[H1][H2]"),
        ("neck", "upper-trapezius-left", "upper-trapezius-right", "temporalis-left",
         "temporalis-right"),
        ("Keep a headache-day diary (frequency is the primary outcome) [H3].",),
    ),
    ConditionEvidence(
        "migraine", "Migraine", Certainty.LOW, True,
        "One RCT (n=47): weekly massage for 6 wk improved migraine frequency and sleep; "
        "manual-therapy meta shows small HIT-6 gains.",
        ("H4", "H5"),
        (T.SWEDISH, T.NEUROMUSCULAR),
        # Session length is not given in clinical.md: 45 min is ours (U).
        Dose(45, 1, 6, basis="1x/wk x 6 wk [H4]; session length ours (U)"),
        ("upper back", "neck", "scalp"),
        ("Keep a migraine diary (frequency, sleep) [H4].",),
    ),
    ConditionEvidence(
        "fibromyalgia", "Fibromyalgia", Certainty.LOW, True,
        "Courses of >=5 wk improved pain, anxiety, depression, not sleep; myofascial release "
        "large effect, Swedish no benefit. EULAR: exercise is the only strong recommendation.",
        ("F1", "F2", "F3"),
        (T.MYOFASCIAL_RELEASE, T.LYMPHATIC_DRAINAGE),  # not Swedish: no benefit [F2]
        # ">=5 weeks" [F1]; weekly 45-min sessions are ours (U).
        Dose(45, 1, 5, basis=">=5 weeks [F1]; frequency and session length ours (U)"),
        ("neck", "upper back", "lower back"),
        ("Graded exercise: the only 'strong for' therapy (EULAR 2017) [F3].",),
        ("Massage is not endorsed by EULAR 2017 (U: rated weak against) [F3].",),
    ),
    ConditionEvidence(
        "knee_oa", "Knee osteoarthritis", Certainty.LOW, False,
        "8 wk of 60-min weekly Swedish massage improved WOMAC vs light touch and usual care at "
        "8 wk, not sustained to 52 wk; 60 min weekly ~ 2x/wk > 30-min doses. AAOS: 'limited'.",
        ("O1", "O2", "O3", "O4"),
        (T.SWEDISH,),  # protocolised full-body Swedish [O1]
        Dose(60, 1, 8, basis="60 min, 1x/wk, 8 wk (dose trial) [O1]"),
        ("knee-left", "knee-right", "quadriceps-left", "quadriceps-right",
         "hamstrings-left", "hamstrings-right", "calf-left", "calf-right"),
        (_ACTIVE, "Effect was not sustained to 52 wk: plan the exit [O2]."),
    ),
    ConditionEvidence(
        "hand_oa", "Hand osteoarthritis", Certainty.INSUFF, True,
        "No trial identified (U).", (), (), SHORT_COURSE,
        ("hand-left", "hand-right", "wrist-left", "wrist-right"), (_ACTIVE,),
    ),
    ConditionEvidence(
        "strain_doms", "Muscle strain / DOMS / sports", Certainty.LOW, False,
        "DOMS: soreness lower at 24/48/72 h (11 RCTs); sports massage: no gain in strength, "
        "sprint, jump, endurance; small gains in flexibility and DOMS.",
        ("S1", "S2", "S3"),
        (T.SWEDISH,),  # post-exercise Swedish/sports massage
        Dose(45, 1, 1, basis="Single post-exercise sessions [S1]; session length ours (U)"),
        (),
        ("Re-measure soreness at 24-72 h before booking more [S1].",),
    ),
    ConditionEvidence(
        "ankle_sprain", "Ligament sprain (ankle)", Certainty.INSUFF, True,
        "Insufficient for massage itself; joint mobilisation + exercise (PT scope) beat home "
        "exercise; exercise and bracing have the strongest support.",
        ("S4", "S5"), (), SHORT_COURSE,
        ("ankle-left", "ankle-right", "calf-left", "calf-right"),
        ("Exercise and bracing as advised (strongest support) [S5].",),
        ("Joint mobilisation is physical-therapy scope [S4].",),
    ),
    ConditionEvidence(
        "post_surgical_scar", "Post-surgical (TKA) / scar", Certainty.LOW, True,
        "TKA meta: less pain days 7-21, better ROM days 7-14; scar scoping review: all "
        "favourable, protocols inconsistent; Low.",
        ("P1", "P2"),
        (T.SCAR_MOBILISATION, T.LYMPHATIC_DRAINAGE),  # scar mobilisation after closure, MLD
        SHORT_COURSE,  # "highly variable" dose [P2]
        ("knee-left", "knee-right"),
        ("Scar self-massage only after wound closure [P2].",),
    ),
    ConditionEvidence(
        "carpal_tunnel", "Carpal tunnel syndrome", Certainty.VLOW, True,
        "One small RCT (n=16; weekly massage + daily self-massage, 4 wk) improved symptoms.",
        ("R1",),
        (T.SWEDISH,),
        # 4 wk weekly [R1]; 30-min sessions (forearm and hand only) are ours (U).
        Dose(30, 1, 4, basis="weekly massage + daily self-massage, 4 wk [R1]; session length "
             "ours (U)"),
        ("forearm-flexors-left", "forearm-flexors-right", "wrist-left", "wrist-right",
         "hand-left", "hand-right"),
        ("Daily self-massage of forearm and hand [R1].",),
    ),
    ConditionEvidence(
        "lateral_epicondylitis", "Lateral epicondylitis", Certainty.INSUFF, True,
        "Deep transverse friction: Cochrane found insufficient evidence (2 small trials).",
        ("R2",),
        (T.DEEP_TISSUE,),  # deep transverse friction
        SHORT_COURSE,
        ("forearm-extensors-left", "forearm-extensors-right", "elbow-left", "elbow-right"),
        (_ACTIVE,),
    ),
    ConditionEvidence(
        "postural_dysfunction", "Postural dysfunction", Certainty.INSUFF, True,
        "No massage-specific trial located (U).", (), (), SHORT_COURSE,
        ("upper back", "neck", "pectorals-left", "pectorals-right"),
        (_ACTIVE,),
        ("Bill only when linked to a diagnosed impairment (clinical.md §1a).",),
    ),
    ConditionEvidence(
        "myofascial_pain", "Myofascial pain / trigger points", Certainty.LOW, False,
        "Ischemic compression (17 RCTs) raises pressure-pain threshold but not self-rated pain; "
        "neck: short-term pain/ROM gains, dry needling superior.",
        ("M1", "M2"),
        (T.TRIGGER_POINT,),  # ischemic compression, TrP release
        SHORT_COURSE,  # "short courses", no dose [M1]
        ("upper-trapezius-left", "upper-trapezius-right"),
        (_ACTIVE,),
    ),
    ConditionEvidence(
        "plantar_fasciitis", "Plantar fasciitis", Certainty.MOD, False,
        "APTA/JOSPT CPG: manual therapy incl. soft-tissue mobilisation recommended (2014 grade "
        "A) with stretching/strengthening; SR: function improves, pain effects mixed.",
        ("PF1", "PF2", "PF3"),
        (T.MYOFASCIAL_RELEASE, T.STRETCHING),  # calf/plantar soft-tissue mobilisation
        SHORT_COURSE,  # "not standardised"
        ("plantar-fascia-left", "plantar-fascia-right", "calf-left", "calf-right"),
        ("Calf and plantar-fascia stretching and strengthening [PF1].",),
    ),
    ConditionEvidence(
        "anxiety_stress", "Anxiety / stress (GAD)", Certainty.LOW, False,
        "Mixed: twice-weekly Swedish x 6 wk beat light touch on HAM-A (n=47); another RCT "
        "(n=68) found massage no better than thermotherapy or a relaxing room.",
        ("A1", "A2", "A3"),
        (T.SWEDISH,),
        Dose(45, 2, 6, basis="2x/wk x 6 wk [A1]; session length ours (U)"),
        ("upper back", "neck", "lower back"),
        ("Continue care with the treating clinician; record GAD-7/PSS change [A1].",),
    ),
    ConditionEvidence(
        "lymphedema", "Lymphedema (MLD)", Certainty.LOW, False,
        "MLD added to compression bandaging may give extra volume reduction in mild-moderate "
        "breast-cancer lymphedema; another meta found no significant benefit.",
        ("LY1", "LY2"),
        (T.LYMPHATIC_DRAINAGE,),
        SHORT_COURSE,  # "phase 1 intensive then maintenance": frequency set by the CDT team
        ("arm",),
        ("Compression, skin care and exercise (complete decongestive therapy) [LY1].",),
        ("MLD is one component of complete decongestive therapy; by an MLD-trained "
         "therapist only [LY1][K6].",),
    ),
)  # fmt: skip

# clinical.md §1b: normalised-code prefix -> condition; the longest matching prefix wins.
# A code listed under two rows maps to the row named in the comment.
ICD10_PREFIXES: dict[str, str] = {
    "M54.5": "chronic_low_back_pain",  # M54.50 / M54.51 / M54.59 (M54.5 itself is retired)
    "S39.012": "chronic_low_back_pain",
    "M62.830": "chronic_low_back_pain",
    "M54.2": "neck_pain",
    "S16.1": "neck_pain",  # also listed for whiplash; neck strain -> neck_pain
    "M79.12": "neck_pain",  # myalgia head & neck: listed first under neck pain
    "S13.4": "whiplash",
    "G44.2": "tension_headache",
    "G43": "migraine",
    "M79.7": "fibromyalgia",
    "M17": "knee_oa",
    "M19.04": "hand_oa",
    "M18": "hand_oa",
    "M79.10": "strain_doms",
    "S93.40": "ankle_sprain",
    "Z47.1": "post_surgical_scar",
    "Z96.65": "post_surgical_scar",
    "L90.5": "post_surgical_scar",
    "G56.0": "carpal_tunnel",
    "M77.1": "lateral_epicondylitis",
    "R29.3": "postural_dysfunction",
    "M79.18": "myofascial_pain",  # also listed under strain/DOMS; myofascial indexes here
    "M62.838": "myofascial_pain",  # also listed under neck pain
    "M72.2": "plantar_fasciitis",
    "F41.1": "anxiety_stress",
    "F41.9": "anxiety_stress",
    "Z73.3": "anxiety_stress",
    "I89.0": "lymphedema",
    "I97.2": "lymphedema",
    "Q82.0": "lymphedema",
}


def condition_for_icd10(code: str) -> str | None:
    """The §1a condition key an ICD-10-CM code maps to (clinical.md §1b), or None."""
    norm = normalise(code)
    matches = [p for p in ICD10_PREFIXES if norm.startswith(p)]
    return ICD10_PREFIXES[max(matches, key=len)] if matches else None


def condition(key: str) -> ConditionEvidence:
    try:
        return CONDITIONS[key]
    except KeyError:
        raise ValueError(
            f"conditions: {key!r} is not a known condition; known: {', '.join(CONDITIONS)}."
        ) from None
