#!/usr/bin/env python3
"""Derive placemap's bundled fonts from pinned Debian font packages.

Usage:  python3 assets/fonts/derive.py

Fetches the pinned .deb files with `apt-get download` into
assets/.cache/fonts/ (git-ignored; run `apt-get update` first if the
versions are not in the local package index), verifies their SHA-256,
unpacks them with the standard library (ar + tar), copies the Latin/Greek/
Cyrillic, Arabic, Hebrew, Georgian, Armenian and Thai Noto fonts and Noto
Sans Symbols / Symbols 2 (arrows, stars, the aeroplane, the minus sign)
unchanged, merges Noto Sans Devanagari with the Latin of Noto Sans (see
MERGE) and subsets Noto Sans CJK SC, Regular and Bold, with
pyftsubset from a pinned fonttools installed into a cache venv.  The CJK character set is built from the
Python codecs of national standards (no downloads): all 6,763 GB 2312
hanzi, the 5,401 Big5 "frequently used" hanzi, the 2,965 JIS X 0208 level-1
kanji, the 2,350 KS X 1001 Hangul syllables, kana and CJK punctuation, plus
every CJK character appearing in the embedded basemap names and, when
present, the gazetteer (gazetteer/places.tsv[.gz]).

Output: the .ttf/.otf files in assets/fonts/, LICENSE-OFL.txt, MANIFEST.txt.
"""

import gzip
import hashlib
import io
import lzma
import os
import shutil
import subprocess
import sys
import tarfile
import venv

HERE = os.path.dirname(os.path.abspath(__file__))
ASSETS = os.path.dirname(HERE)
REPO = os.path.dirname(ASSETS)
CACHE = os.path.join(ASSETS, ".cache", "fonts")

# Debian bookworm packages: (package, version, .deb file name, sha256)
DEBS = [
    ("fonts-noto-core", "20201225-1", "fonts-noto-core_20201225-1_all.deb",
     "58f4f0bb6720f919f92096b3508e1412a0f1544424ade6c5b5bf1eb694dd64ba"),
    ("fonts-noto-cjk", "1:20220127+repack1-1",
     "fonts-noto-cjk_1%3a20220127+repack1-1_all.deb",
     "4a2515eb6db3978b897fef9709ed0d2b1f4c6c4df4d83d6c4ef65f71f1b1f502"),
]
FONTTOOLS = "fonttools==4.60.1"

NOTO = "usr/share/fonts/truetype/noto/"
CJK = "usr/share/fonts/opentype/noto/"
# Copied unchanged: (source path in the .deb, output name)
COPY = [
    (NOTO + "NotoSans-Regular.ttf", "NotoSans-Regular.ttf"),
    (NOTO + "NotoSans-Bold.ttf", "NotoSans-Bold.ttf"),
    (NOTO + "NotoSans-Italic.ttf", "NotoSans-Italic.ttf"),
    (NOTO + "NotoSans-BoldItalic.ttf", "NotoSans-BoldItalic.ttf"),
    (NOTO + "NotoSansArabic-Regular.ttf", "NotoSansArabic-Regular.ttf"),
    (NOTO + "NotoSansArabic-Bold.ttf", "NotoSansArabic-Bold.ttf"),
    (NOTO + "NotoSansHebrew-Regular.ttf", "NotoSansHebrew-Regular.ttf"),
    (NOTO + "NotoSansHebrew-Bold.ttf", "NotoSansHebrew-Bold.ttf"),
    (NOTO + "NotoSansGeorgian-Regular.ttf", "NotoSansGeorgian-Regular.ttf"),
    (NOTO + "NotoSansGeorgian-Bold.ttf", "NotoSansGeorgian-Bold.ttf"),
    (NOTO + "NotoSansArmenian-Regular.ttf", "NotoSansArmenian-Regular.ttf"),
    (NOTO + "NotoSansArmenian-Bold.ttf", "NotoSansArmenian-Bold.ttf"),
    (NOTO + "NotoSansThai-Regular.ttf", "NotoSansThai-Regular.ttf"),
    (NOTO + "NotoSansThai-Bold.ttf", "NotoSansThai-Bold.ttf"),
    (NOTO + "NotoSansSymbols-Regular.ttf", "NotoSansSymbols-Regular.ttf"),
    (NOTO + "NotoSansSymbols-Bold.ttf", "NotoSansSymbols-Bold.ttf"),
    # Symbols 2 has no bold; bold text draws its symbols from the regular face.
    (NOTO + "NotoSansSymbols2-Regular.ttf", "NotoSansSymbols2-Regular.ttf"),
]
# Subset: (collection, face index of "Noto Sans CJK SC", output name). Both weights take
# the same characters, so a bold title shows every character a regular label can.
CJK_FACE = 2
SUBSET = [
    (CJK + "NotoSansCJK-Regular.ttc", "NotoSansCJKsc-Regular-subset.otf"),
    (CJK + "NotoSansCJK-Bold.ttc", "NotoSansCJKsc-Bold-subset.otf"),
]
# Merged: (script font, Noto Sans face whose Latin it takes, output name). resvg shapes a
# label with its first face and, where that lacks characters, reshapes the whole label with
# a fallback face, keeping the result only when that face has every character. With Basic
# Latin, Latin-1, Latin Extended-A and general punctuation from the same Noto Sans design
# beside its own, the Devanagari face draws "New Delhi नई दिल्ली" whole, shaped as
# Devanagari (the renderer isolates the Devanagari run so it is shaped on its own).
LATIN = "U+0020-007E,U+00A0-00FF,U+0100-017F,U+2000-206F"
MERGE = [
    (NOTO + "NotoSansDevanagari-Regular.ttf", NOTO + "NotoSans-Regular.ttf",
     "NotoSansDevanagari-Regular.ttf"),
    (NOTO + "NotoSansDevanagari-Bold.ttf", NOTO + "NotoSans-Bold.ttf",
     "NotoSansDevanagari-Bold.ttf"),
]
OFL_SOURCE = "usr/share/doc/fonts-noto-cjk/copyright"


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def fetch_deb(pkg, version, fname, digest):
    os.makedirs(CACHE, exist_ok=True)
    path = os.path.join(CACHE, fname)
    if not os.path.exists(path):
        print("fetching", pkg, version, file=sys.stderr)
        subprocess.run(["apt-get", "download", f"{pkg}={version}"], cwd=CACHE, check=True)
    data = open(path, "rb").read()
    if sha256(data) != digest:
        raise SystemExit(f"sha256 mismatch for {fname}: {sha256(data)}")
    return data


def deb_members(data):
    """Return {path: bytes} of the data.tar.* inside a .deb (ar archive)."""
    if data[:8] != b"!<arch>\n":
        raise SystemExit("not a .deb")
    o = 8
    while o < len(data):
        name = data[o:o + 16].decode().strip().rstrip("/")
        size = int(data[o + 48:o + 58].decode().strip())
        body = data[o + 60:o + 60 + size]
        o += 60 + size + (size & 1)
        if name.startswith("data.tar"):
            if name.endswith(".xz"):
                body = lzma.decompress(body)
                mode = "r:"
            elif name.endswith(".gz"):
                mode = "r:gz"
            else:
                mode = "r:*"
            out = {}
            with tarfile.open(fileobj=io.BytesIO(body), mode=mode) as t:
                for m in t.getmembers():
                    if m.isfile():
                        out[m.name.lstrip("./")] = t.extractfile(m).read()
            return out
    raise SystemExit("no data.tar in .deb")


def fonttools_python():
    env = os.path.join(CACHE, "venv")
    py = os.path.join(env, "bin", "python")
    if not os.path.exists(py):
        venv.create(env, with_pip=True)
    probe = subprocess.run([py, "-c", "import fontTools; print(fontTools.version)"],
                           capture_output=True, text=True)
    if probe.returncode != 0 or probe.stdout.strip() != FONTTOOLS.split("==")[1]:
        subprocess.run([py, "-m", "pip", "install", "-q", "--disable-pip-version-check",
                        FONTTOOLS], check=True)
    return py


def codec_chars(codec, lead_range, trail_range):
    out = set()
    for lead in lead_range:
        for trail in trail_range:
            try:
                ch = bytes([lead, trail]).decode(codec)
            except UnicodeDecodeError:
                continue
            if len(ch) == 1:
                out.add(ch)
    return out


def is_cjk(ch):
    c = ord(ch)
    return (0x2E80 <= c <= 0x2FDF or 0x3000 <= c <= 0x9FFF or 0xA960 <= c <= 0xA97F
            or 0xAC00 <= c <= 0xD7FF or 0xF900 <= c <= 0xFAFF or 0xFE30 <= c <= 0xFE4F
            or 0xFF00 <= c <= 0xFFEF or 0x20000 <= c <= 0x3134F)


def basemap_strings():
    """All property strings of the embedded basemap files."""
    base = os.path.join(ASSETS, "basemap")
    for root, _dirs, files in os.walk(base):
        for fn in sorted(files):
            if not fn.endswith(".bin"):
                continue
            data = open(os.path.join(root, fn), "rb").read()
            yield from bin_strings(data)


def bin_strings(b):
    o = 10

    def uv():
        nonlocal o
        n = shift = 0
        while True:
            x = b[o]
            o += 1
            n |= (x & 0x7F) << shift
            shift += 7
            if x < 0x80:
                return n

    def s():
        nonlocal o
        n = uv()
        o += n
        return b[o - n:o].decode("utf-8")

    kind = b[5]
    keys = [s() for _ in range(uv())]
    for _ in range(uv()):
        for _k in keys:
            yield s()
        for _part in range(uv()):
            rings = uv() if kind == 1 else 1
            for _r in range(rings):
                for _p in range(2 * uv()):
                    uv()


def cjk_text():
    chars = set()
    # GB 2312: all hanzi (levels 1 and 2), rows 16-87.
    chars |= codec_chars("gb2312", range(0xB0, 0xF8), range(0xA1, 0xFF))
    # Big5 frequently used hanzi (A440-C67E).
    chars |= {c for c in codec_chars("big5", range(0xA4, 0xC7), range(0x40, 0xFF))
              if "\u4e00" <= c <= "\u9fff"}
    # JIS X 0208 level-1 kanji (EUC-JP rows 16-47) and all kana/punctuation rows.
    chars |= codec_chars("euc_jp", range(0xB0, 0xD0), range(0xA1, 0xFF))
    chars |= codec_chars("euc_jp", range(0xA1, 0xA9), range(0xA1, 0xFF))
    # KS X 1001 Hangul syllables (2,350) and symbol rows.
    chars |= codec_chars("euc_kr", range(0xB0, 0xC9), range(0xA1, 0xFF))
    chars |= codec_chars("euc_kr", range(0xA1, 0xAD), range(0xA1, 0xFF))
    chars |= codec_chars("gb2312", range(0xA1, 0xAA), range(0xA1, 0xFF))
    # Kana blocks, CJK symbols and punctuation, halfwidth/fullwidth forms.
    for lo, hi in ((0x3000, 0x303F), (0x3040, 0x309F), (0x30A0, 0x30FF),
                   (0x31F0, 0x31FF), (0xFF00, 0xFFEF), (0x3130, 0x318F)):
        chars |= {chr(c) for c in range(lo, hi + 1)}
    extra = set()
    for text in basemap_strings():
        extra |= {c for c in text if is_cjk(c)}
    for name in ("places.tsv", "places.tsv.gz"):
        gaz = os.path.join(REPO, "gazetteer", name)
        if os.path.exists(gaz):
            opener = gzip.open if name.endswith(".gz") else open
            with opener(gaz, "rt", encoding="utf-8") as f:
                for line in f:
                    extra |= {c for c in line if is_cjk(c)}
            break
    chars |= extra
    chars = {c for c in chars if is_cjk(c)}
    return "".join(sorted(chars)), len(extra)


def main():
    files = {}
    for pkg, version, fname, digest in DEBS:
        files.update(deb_members(fetch_deb(pkg, version, fname, digest)))

    manifest = ["# file bytes sha256 (source)"]
    for src, out in COPY:
        data = files[src]
        with open(os.path.join(HERE, out), "wb") as f:
            f.write(data)

    text, n_extra = cjk_text()
    work = os.path.join(CACHE, "work")
    os.makedirs(work, exist_ok=True)
    py = fonttools_python()
    for script, latin, out in MERGE:
        paths = []
        for src in (script, latin):
            path = os.path.join(work, os.path.basename(src))
            with open(path, "wb") as f:
                f.write(files[src])
            paths.append(path)
        latin_subset = os.path.join(work, "latin-" + out)
        subprocess.run([
            py, "-m", "fontTools.subset", paths[1], f"--unicodes={LATIN}",
            "--layout-features=*", "--name-IDs=*", "--name-languages=*",
            "--notdef-outline", "--no-hinting", f"--output-file={latin_subset}",
        ], check=True)
        # The script font first: its names, metrics and glyphs win where both have one.
        subprocess.run([
            py, "-m", "fontTools.merge", f"--output-file={os.path.join(HERE, out)}",
            paths[0], latin_subset,
        ], check=True)
    with open(os.path.join(work, "cjk-chars.txt"), "w", encoding="utf-8") as f:
        f.write(text)
    for src, out in SUBSET:
        ttc = os.path.join(work, os.path.basename(src))
        with open(ttc, "wb") as f:
            f.write(files[src])
        subprocess.run([
            py, "-m", "fontTools.subset", ttc, f"--font-number={CJK_FACE}",
            f"--text-file={os.path.join(work, 'cjk-chars.txt')}",
            "--unicodes=U+0020-007E,U+00A0-00FF",
            "--layout-features=*", "--name-IDs=*", "--name-languages=*",
            "--notdef-outline", "--no-hinting",
            f"--output-file={os.path.join(HERE, out)}",
        ], check=True)

    lic = files[OFL_SOURCE].decode("utf-8")
    # The "License: SIL-1.1" stanza of the Debian copyright file, unindented.
    stanza = lic[lic.rindex("\nLicense: SIL-1.1\n") + 1:]
    stanza = stanza[:stanza.index("\n\n")]
    ofl = "\n".join("" if line == " ." else line[1:]
                    for line in stanza.splitlines()[1:])
    header = ("Noto fonts: Copyright 2012-2022 Google LLC / Adobe (Noto Sans CJK),\n"
              "licensed under the SIL Open Font License, Version 1.1:\n\n")
    with open(os.path.join(HERE, "LICENSE-OFL.txt"), "w", encoding="utf-8") as f:
        f.write(header + ofl.rstrip() + "\n")

    outputs = [out for _src, out in COPY] + [m[2] for m in MERGE] + [out for _src, out in SUBSET]
    for out in outputs:
        data = open(os.path.join(HERE, out), "rb").read()
        manifest.append(f"{out} {len(data)} {sha256(data)}")
    manifest.append(f"# CJK subset: {len(text)} code points "
                    f"({n_extra} CJK characters from basemap/gazetteer names)")
    with open(os.path.join(HERE, "MANIFEST.txt"), "w") as f:
        f.write("\n".join(manifest) + "\n")
    print("\n".join(manifest))


if __name__ == "__main__":
    main()
