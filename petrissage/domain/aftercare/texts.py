"""Default after-care texts, in our own words, keyed by technique or screening rule.

Keys: "general" (every sheet), "red_flags" (every sheet, last), "technique:<code>" for each
session-line technique (petrissage.domain.session_rules.TECHNIQUES) and
"modification:<rule_id>" for screening findings that change what the patient should watch
(petrissage.domain.screening rule ids). Practices may replace any text with their own; these
defaults ship in the product. Sources (clinical.md §6) are named beside each text.
"""

from __future__ import annotations

from dataclasses import dataclass

GENERAL_KEY = "general"
RED_FLAGS_KEY = "red_flags"
MAX_TEXT_LENGTH = 2000  # one printed paragraph; longer texts stop being read


@dataclass(frozen=True)
class TextKey:
    key: str
    label: str
    text: str
    sources: tuple[str, ...] = ()


def _t(key: str, label: str, text: str, *sources: str) -> TextKey:
    return TextKey(key, label, " ".join(text.split()), sources)


_SORENESS = (
    "Some soreness in the treated muscles is common and usually starts within 12 hours and "
    "settles within 36 hours."
)  # [AE1]: most discomfort began <12 h after and lasted ≤36 h; expect ≤1–3 days (§5)

_TEXTS: tuple[TextKey, ...] = (
    _t(
        GENERAL_KEY,
        "Every visit",
        "Drink water as you normally would and move gently for the rest of the day: a short "
        "walk helps more than sitting still. Get up slowly if you feel light-headed. Keep "
        "doing the home exercises your therapist gave you.",
        "AE1",
    ),
    _t(
        RED_FLAGS_KEY,
        "Get help now (shown on every sheet)",
        "Call 911 for chest pain or sudden shortness of breath. Seek urgent care the same day "
        "for swelling, warmth, redness or pain in one calf; fever, or redness, heat or "
        "discharge at an incision or injection site; new numbness or weakness; or bruising "
        "you cannot explain. Call us if soreness lasts more than 3 days.",
        "K9",
        "AE1",
    ),
    _t(
        "technique:deep_tissue",
        "Deep tissue work",
        f"{_SORENESS} A warm shower or heat pack for 15–20 minutes eases it; avoid hard "
        "training of the treated area until tomorrow.",
        "AE1",
        "L1",
    ),
    _t(
        "technique:trigger_point",
        "Trigger point therapy",
        f"{_SORENESS} The pressed points may feel bruised for a day. Gentle stretching of "
        "the area two or three times today keeps the gain.",
        "AE1",
        "M1",
    ),
    _t(
        "technique:active_release",
        "Active release",
        f"{_SORENESS} Move the treated joint through its easy range a few times today; do "
        "not force it.",
        "AE1",
    ),
    _t(
        "technique:neuromuscular",
        "Neuromuscular therapy",
        f"{_SORENESS} Heat for 15–20 minutes and gentle movement help it pass.",
        "AE1",
    ),
    _t(
        "technique:myofascial_release",
        "Myofascial release",
        "You may feel loose or mildly tender where we worked. Gentle stretching and a walk "
        "today help; mild soreness should settle within a day or two.",
        "AE1",
    ),
    _t(
        "technique:swedish",
        "Swedish massage",
        "You may feel relaxed or a little sleepy; take your time before driving. Mild "
        "soreness is uncommon and settles within a day.",
        "AE1",
    ),
    _t(
        "technique:lymphatic_drainage",
        "Manual lymphatic drainage",
        "Wear your compression garment as your care team advised, keep the skin of the limb "
        "clean and moisturised, and avoid hot baths or saunas today. Tell us if the limb "
        "becomes red, hot or more swollen.",
        "LY1",
    ),
    _t(
        "technique:scar_mobilisation",
        "Scar mobilisation",
        "The scar may look pink and feel tender for a few hours. Keep it moisturised and "
        "protected from sun. Only massage it yourself the way we showed you, and stop if "
        "the skin breaks.",
        "P2",
    ),
    _t(
        "technique:stretching",
        "Assisted stretching",
        "Repeat the stretches we practised gently, without bouncing, holding each for about "
        "30 seconds. Stretching should never be sharply painful.",
    ),
    _t(
        "technique:hot_cold_pack",
        "Heat or cold",
        "At home use heat or cold for no more than 15–20 minutes at a time with a cloth "
        "between the pack and your skin, and check the skin afterwards.",
        "K3",
    ),
    _t(
        "modification:corticosteroid-injection",
        "Recent injection",
        "We kept away from your recent injection site. Protect it from pressure and heavy use "
        "for about 48 hours after the injection, and watch it for redness, heat, swelling or "
        "fever.",
        "K10",
    ),
    _t(
        "modification:recent-surgery",
        "Recent surgery",
        "We kept away from your incision. Watch it for redness, heat, discharge or fever, and "
        "for swelling or pain in one calf, which can follow surgery.",
        "K3",
        "K5",
    ),
    _t(
        "modification:bleeding-risk",
        "Blood thinners or easy bruising",
        "We used lighter pressure because of bleeding risk. Check the treated areas for "
        "bruising tonight and tomorrow and tell us at your next visit if any appears.",
        "K3",
        "K4",
    ),
    _t(
        "modification:antiplatelet",
        "Antiplatelet medicine",
        "We used lighter pressure because your medicine makes bruising easier. Check the "
        "treated areas for bruising and tell us if any appears.",
        "K3",
    ),
    _t(
        "modification:osteoporosis",
        "Bone health",
        "We used light pressure and no forceful joint work. Tell us about any new bone or "
        "joint pain after the visit.",
        "K2",
        "K3",
    ),
    _t(
        "modification:bone-metastasis",
        "Bone involvement",
        "We used light pressure only. Tell your oncology team and us about any new or "
        "sharper bone pain.",
        "K3",
        "K5",
    ),
    _t(
        "modification:cancer-active",
        "During cancer treatment",
        "We avoided ports, tumour sites and treated skin. Keep those areas protected and tell "
        "your care team about new swelling, redness or fever.",
        "K5",
        "K6",
    ),
    _t(
        "modification:lymph-node-dissection",
        "Lymph nodes removed",
        "We used lighter pressure near the side where lymph nodes were removed. Watch that "
        "arm or leg for new heaviness, tightness or swelling and tell us if it appears.",
        "K6",
        "LY1",
    ),
    _t(
        "modification:lymphedema",
        "Lymphedema",
        "Keep wearing your compression as prescribed and watch the limb for redness, heat or "
        "more swelling, which need a call to your care team the same day.",
        "LY1",
    ),
    _t(
        "modification:diabetic-neuropathy",
        "Reduced feeling in the feet or hands",
        "Because feeling is reduced, check your skin and feet tonight for redness or marks, "
        "and use no heat pads on areas with less feeling.",
        "K3",
    ),
    _t(
        "modification:dvt-history",
        "Past blood clot",
        "Watch for swelling, warmth, redness or pain in one calf, chest pain or sudden "
        "breathlessness: those need urgent care, not a call to us.",
        "K9",
    ),
    _t(
        "modification:pregnancy",
        "Pregnancy",
        "Rise slowly from lying down and rest on your side if you feel dizzy. Watch your "
        "legs for swelling, warmth or pain in one calf.",
        "K7",
    ),
    _t(
        "modification:hypertension-controlled",
        "Blood pressure",
        "Change position slowly today, sit for a moment before standing, and take your "
        "blood-pressure medicine as usual.",
        "K8",
    ),
    _t(
        "modification:varicose-veins",
        "Varicose veins",
        "We avoided deep pressure over the affected veins. Tell us about any new pain, "
        "redness or hardness along a vein.",
        "K8",
    ),
    _t(
        "modification:skin-lesion",
        "Skin area avoided",
        "We did not work on the affected skin. Keep it clean and covered, and see your "
        "doctor if it spreads, weeps or becomes hot.",
        "K2",
        "K3",
    ),
    _t(
        "modification:acute-inflammation",
        "Inflamed area",
        "We kept away from the inflamed area. Cold for 15 minutes can ease it; rest it from "
        "heavy use until the flare settles.",
        "K8",
    ),
    _t(
        "modification:rheumatoid-arthritis",
        "Joint flare",
        "If a joint becomes hot or swollen after the visit, rest it and use cold, and tell us "
        "before the next session.",
        "K8",
    ),
    _t(
        "modification:fracture",
        "Healing fracture",
        "We avoided the fracture area. Follow your doctor's advice on loading it, and tell us "
        "about any new pain there.",
        "K2",
    ),
)

DEFAULT_TEXTS: dict[str, TextKey] = {entry.key: entry for entry in _TEXTS}


def default_text(key: str) -> str:
    entry = DEFAULT_TEXTS.get(key)
    return entry.text if entry is not None else ""


def key_label(key: str) -> str:
    entry = DEFAULT_TEXTS.get(key)
    return entry.label if entry is not None else key


def text_problem(text: str) -> str | None:
    """Why a practice's after-care text cannot be saved, or None when it can."""
    cleaned = text.strip()
    if not cleaned:
        return "Enter the after-care text (it cannot be empty)."
    if len(cleaned) > MAX_TEXT_LENGTH:
        return (
            f"Keep the after-care text to {MAX_TEXT_LENGTH} characters "
            f"(this one has {len(cleaned)})."
        )
    return None
