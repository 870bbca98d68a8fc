"""Reference fixtures for the Swift `Embeddings` target, made with the WordLlama Python package (MIT).

Writes, into Tests/EmbeddingsTests/Fixtures/:

- `tokens.jsonl`: one `{"text": ..., "ids": [...]}` per line, the ids of WordLlama's own tokenizer
  (`WordLlamaInference.tokenize`: no special tokens, no truncation) for at least 10,000 varied strings:
  solution titles and steps, ticket subjects, descriptions and messages, held-out complaints (Corpus/);
  Stack Exchange titles, bodies and comments (../shared/data, if present; CC BY-SA, see
  THIRD_PARTY_NOTICES.md); hand-made edge cases; and seeded random strings drawn from many scripts.
- `vectors.jsonl`: one `{"text": ..., "dimensions": D, "vector": [...]}` per line, the unit-length
  embedding (`embed(text, norm=True)`) rounded to 5 decimals, for 300 strings at 256 dimensions and 40 at
  64 (WordLlama's `trunc_dim`).

Deterministic: the same inputs and seed (17) give the same files. Set-up (no network beyond PyPI):

    pip download --no-deps -d /tmp/wl wordllama
    python3 -m venv /tmp/wlvenv && /tmp/wlvenv/bin/pip install /tmp/wl/wordllama-*.whl
    # WordLlama.load(disable_download=True) looks for the tokenizer in wordllama/tokenizer/:
    ln -s tokenizers /tmp/wlvenv/lib/python3.*/site-packages/wordllama/tokenizer
    /tmp/wlvenv/bin/python Benchmarks/Scripts/embedding_fixtures.py
"""

import argparse
import json
import random
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
from wordllama import WordLlama

ROOT = Path(__file__).resolve().parents[2]
SEED = 17
MAX_CHARS = 220  # corpus texts are cut to this many characters to keep the fixture small


def cut(text):
    return text[:MAX_CHARS]


def corpus_strings():
    out = []
    for line in (ROOT / "Corpus/solutions.jsonl").read_text(encoding="utf-8").splitlines():
        o = json.loads(line)
        out.append(o["title"])
        out.extend(o.get("steps", []))
    tickets = []
    for line in (ROOT / "Corpus/tickets.jsonl").read_text(encoding="utf-8").splitlines():
        o = json.loads(line)
        tickets.append(o["subject"])
        tickets.append(o["description"])
        tickets.extend(m["body"] for m in o.get("messages", []))
    random.Random(SEED).shuffle(tickets)
    out.extend(tickets[:4500])
    for line in (ROOT / "Corpus/eval/complaints.jsonl").read_text(encoding="utf-8").splitlines():
        o = json.loads(line)
        out.append(o["subject"])
        out.append(o["description"])
    return [cut(s) for s in out]


def shared_strings(data):
    """Titles, bodies (raw HTML, as an importer might pass it on) and comments of the Stack Exchange dumps."""
    out = []
    for name, attrs in [
        ("stackexchange-coffee/Posts.xml", ("Title", "Body")),
        ("stackexchange-cardano/Posts.xml", ("Title", "Body")),
        ("stackexchange-cardano/Comments.xml", ("Text",)),
    ]:
        path = data / name
        if not path.exists():
            continue
        texts = []
        for _, element in ET.iterparse(path):
            if element.tag == "row":
                texts.extend(element.get(a) for a in attrs if element.get(a))
                element.clear()
        random.Random(SEED).shuffle(texts)
        out.extend(cut(t) for t in texts[:900])
    return out


def edge_cases():
    cases = [
        "", " ", "  ", "\t", "\n", "\r\n", " \t \n ", "a", "A", "▁", "▁▁", " ▁ ", "word", " leading", "trailing ",
        "  two  spaces  between  ", "tab\tseparated\tvalues", "line one\nline two\n\nline four", "carriage\rreturn",
        "café", "cafe\u0301", "naïve façade coöperate", "Straße", "ÆØÅ æøå", "Ελληνικά", "Русский текст",
        "Ñandú", "İstanbul ılık", "ﬁ ligature ﬂ", "Ａ全角ＡＢＣ", "東京都", "日本語のテキストです。", "中文字符测试",
        "한국어 텍스트", "ภาษาไทย", "हिन्दी", "العربية من اليمين", "עברית מימין לשמאל", "mixed עברית and English",
        "\u200f\u200eRTL marks", "zero\u200bwidth\u200cjoiner\u200d", "\u00a0no-break\u00a0space", "em\u2003space",
        "ideographic\u3000space", "😀", "👍🏽", "👨‍👩‍👧‍👦 family", "🇳🇿 flag", "emoji 🎉 in 🚀 text ✨",
        "🌍 is in the vocabulary", "𝕜 𝓝 math letters", "𐍈 gothic", "\U0001F9EA\U0001FAE0", "\U0010FFFF",
        "\x00", "\x01\x02\x03", "bell\x07", "esc\x1b[31mred\x1b[0m", "del\x7f", "\x80\x9f C1", "\ufeffBOM",
        "\ufffd replacement", "\ue000 private use", "<s>", "</s>", "<unk>", "<s></s><unk>", "a<s>b", "x </s> y",
        "<<s>>", "<s", "s>", "</", "<0x41>", "<pad>", "[PAD]", "<|endoftext|>", "0", "1234567890", "3.14159",
        "-42", "1,000,000", "2026-03-14T09:26:05Z", "E1234", "v2.0.1-beta", "#2353", "user@example.com",
        "https://example.com/path?q=1&r=2#frag", "C:\\Users\\me\\file.txt", "/usr/local/bin", "snake_case_name",
        "camelCaseName", "SCREAMING_CASE", "kebab-case-name", "!!!", "???", "...", "—–-", "«quoted»", "“smart”",
        "'single'", '"double"', "(parens) [brackets] {braces}", "a+b=c", "100%", "$5.00", "€10", "£3", "¥500",
        "@#$%^&*", "~`|\\", "<b>bold</b>", "&amp; &lt; &gt;", "{\"json\": true}", "SELECT * FROM t;",
        "x" * 200, "ab" * 300, "supercalifragilisticexpialidocious", "Pneumonoultramicroscopicsilicovolcanoconiosis",
        "antidisestablishmentarianism" * 10, "a" * 1000, "9" * 500, "😀" * 50, "東" * 100, " " * 40, "\n" * 20,
        "word " * 200, "The quick brown fox jumps over the lazy dog.",
        "THE QUICK BROWN FOX", "tHe QuIcK bRoWn FoX", "I can't log in!!! Password reset e-mail never arrives...",
        "My HF Pay payout is late", "wifi6 router drops every 5 min", "Tern Tab won't charge after update 4.2",
    ]
    return cases


POOLS = [
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "0123456789",
    " " * 8 + "\t\n\r",
    ".,;:!?'\"()[]{}<>/\\|@#$%^&*-_=+~`",
    "àáâãäåæçèéêëìíîïñòóôõöøùúûüýÿßÀÉÎÕÜŒœŠšŽžŁłĄąĘęŚśŹźŻżĆćŃń",
    "\u0300\u0301\u0302\u0303\u0308\u0327",  # combining marks
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕ",
    "αβγδεζηθικλμνξοπρστυφχψωΑΒΓΔ",
    "的一是不了人我在有他这为之大来以个中上们到说国和地也子时道出而要于就下得可你年生自会那后能对着事其里所去行过家十用发天如然作方成者多日都三小军二无同么经法当起与好看学进种将还分此心前面又定见只主没公从",
    "あいうえおかきくけこさしすせそアイウエオカキクケコ",
    "가나다라마바사아자차카타파하",
    "ابتثجحخدذرزسشصضطظعغفقكلمنهوي",
    "אבגדהוזחטיכלמנסעפצקרשת",
    "กขคงจฉชซ",
    "😀😃😄😁😆😅🤣😂🙂🙃😉😊😇🥰😍🤩😘👍👎👏🙏🔥✨🎉🚀💡📦📱💻⌚🌍🌧️❄️☀️",
    "\u200b\u200c\u200d\u200e\u200f\u00a0\u2003\u3000\ufeff",
    "\x00\x01\x02\x07\x08\x0b\x0c\x1b\x1f\x7f\x80\x9f",
    "\U0001d400\U0001d538\U0001f9ea\U0001fae0\U00020000\U0002a6d6\U0010fffd\ue000\uf8ff",
    "▁",
    "<s></s><unk>",
]


def random_strings(count):
    rng = random.Random(SEED)
    out = []
    for _ in range(count):
        pools = rng.sample(POOLS, rng.randint(1, 4))
        length = rng.choice([1, 2, 3, 5, 8, 13, 21, 34, 55, 89])
        chars = []
        for _ in range(length):
            pool = rng.choice(pools)
            if pool == "<s></s><unk>":
                chars.append(rng.choice(["<s>", "</s>", "<unk>", "<", ">", "/"]))
            else:
                chars.append(rng.choice(pool))
        out.append("".join(chars))
    return out


def dedupe(strings):
    seen = set()
    out = []
    for s in strings:
        if s not in seen:
            seen.add(s)
            out.append(s)
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "Tests/EmbeddingsTests/Fixtures")
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared/data")
    args = parser.parse_args()

    model = WordLlama.load(disable_download=True)
    texts = dedupe(edge_cases() + corpus_strings() + shared_strings(args.data) + random_strings(2500))
    assert len(texts) >= 10_000, len(texts)

    args.out.mkdir(parents=True, exist_ok=True)
    encodings = model.tokenize(texts)
    with open(args.out / "tokens.jsonl", "w", encoding="utf-8") as f:
        for text, encoding in zip(texts, encodings):
            # Padding is enabled in WordLlama's tokenizer: keep only the positions the attention mask counts.
            ids = [i for i, m in zip(encoding.ids, encoding.attention_mask) if m]
            f.write(json.dumps({"text": text, "ids": ids}, ensure_ascii=False, separators=(",", ":")) + "\n")

    # Vectors: the edge cases with tokens (the empty string has no direction: WordLlama gives NaN), then a
    # seeded sample of the rest.
    rng = random.Random(SEED)
    rest = [t for t in texts[len(edge_cases()):]]
    chosen = [t for t in edge_cases() if t][:100] + rng.sample(rest, 200)
    short = chosen[:20] + rng.sample(rest, 20)
    small = WordLlama.load(disable_download=True, trunc_dim=64)
    with open(args.out / "vectors.jsonl", "w", encoding="utf-8") as f:
        for m, strings in [(model, chosen), (small, short)]:
            vectors = m.embed(strings, norm=True)
            assert np.isfinite(vectors).all()
            for text, vector in zip(strings, vectors):
                row = {"text": text, "dimensions": len(vector), "vector": [round(float(x), 5) for x in vector]}
                f.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n")
    print(f"{len(texts)} token fixtures, {len(chosen)} + {len(short)} vectors in {args.out}")


if __name__ == "__main__":
    main()
