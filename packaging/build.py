"""Build the standalone app: dist/aco-desktop/ (one folder), then print its size and compressed size.

    .venv/bin/python packaging/build.py                 # trimmed build (what ships)
    .venv/bin/python packaging/build.py --trim none     # untrimmed, for comparison
    .venv/bin/python packaging/build.py --trim-steps    # build once per trim step, smoke-test each, table
    .venv/bin/python packaging/build.py --dist D --work W   # elsewhere (tests: concurrent runs must not collide)

Runs PyInstaller on packaging/aco_desktop.spec (name and version from pyproject.toml), applies the
trim steps the spec names (ACO_TRIM), checks on Linux that every shared library in the bundle finds
what it links against, and archives the folder (tar.gz; zip on Windows) next to it to report the
compressed size. Run packaging/smoke_test.py afterwards, or pass --smoke.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import subprocess
import sys
import tarfile
import time
import tomllib
from pathlib import Path

from trim_steps import TRIM_STEPS  # the same list the spec reads (this script's folder is on sys.path)

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "packaging" / "aco_desktop.spec"
DIST = ROOT / "dist"
WORK = ROOT / "build"
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
APP_NAME = PROJECT["name"]
APP_DIR = DIST / APP_NAME
MB = 1024 * 1024  # sizes in MiB, as du reports them


def disk_usage(path: Path) -> int:
    """Bytes the folder takes on disk, counted the way ``du -s`` counts them: the allocated blocks of
    every file, directory and symlink (the folder itself included), each inode once. ``du -sm`` prints
    this in MiB rounded up. On Windows (no st_blocks) it falls back to the file sizes."""
    seen, total = set(), 0
    for p in (path, *path.rglob("*")):
        st = p.lstat()
        if (st.st_dev, st.st_ino) in seen:
            continue
        seen.add((st.st_dev, st.st_ino))
        total += st.st_blocks * 512 if hasattr(st, "st_blocks") else st.st_size
    return total


def folder_size(path: Path) -> int:
    """Bytes of file contents (apparent size, ``du -s --apparent-size`` without directories)."""
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def pyinstaller(trim: str) -> float:
    env = dict(os.environ, ACO_TRIM=trim)
    cmd = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
           "--distpath", str(DIST), "--workpath", str(WORK), str(SPEC)]
    print("+ ACO_TRIM=%s %s" % (trim, " ".join(cmd)), flush=True)
    t0 = time.perf_counter()
    subprocess.run(cmd, env=env, cwd=ROOT, check=True)
    return time.perf_counter() - t0


# ---- step "strip" (Linux) -----------------------------------------------------------------------
# Symbol tables the app never needs: libpython alone carries 17 MB of them, the interpreter's
# extension modules about 6 MB more. Libraries that auditwheel vendored into a wheel (numpy.libs/)
# are left alone: strip breaks their patched layout ("ELF load command address/offset not
# page-aligned"), which is why PyInstaller's own strip option is not used.
def strip_binaries(app_dir: Path) -> str:
    strip = shutil.which("strip")
    if not strip:
        return "skipped: no strip command (install binutils to save ~25 MB)"
    internal = app_dir / "_internal"
    saved = count = 0
    for path in sorted(internal.rglob("*.so*")):
        if path.is_symlink() or not path.is_file():
            continue
        if any(part.endswith(".libs") for part in path.relative_to(internal).parts[:-1]):
            continue
        tmp = path.with_name(path.name + ".stripped")
        done = subprocess.run([strip, "--strip-unneeded", "-o", str(tmp), str(path)], capture_output=True)
        if done.returncode == 0 and tmp.stat().st_size < path.stat().st_size:
            saved += path.stat().st_size - tmp.stat().st_size
            count += 1
            shutil.copymode(path, tmp)
            os.replace(tmp, path)
        else:
            tmp.unlink(missing_ok=True)
    return f"{count} libraries stripped, {saved / MB:.1f} MB saved"


# ---- step "icu-data" (Linux) ---------------------------------------------------------------------
# QtCore links ICU (libicuuc, libicui18n -> libicudata, 31 MB of locale data). The app uses none of
# what the data is for (collation, legacy text codecs, calendars, IDNA): Qt's own Unicode tables
# handle text layout and case. ICU is built to run with an empty data library ("stubdata", the same
# few bytes as ICU's source/stubdata/stubdata.cpp): calls that need data then fail with an error
# status that Qt checks and falls back from. Needs a C compiler; skipped (with a note) without one.
ICU_STUB_C = r"""
/* ICU's stub data library: a valid, empty common-data header (ICU source/stubdata/stubdata.cpp).
   No headers and no C library: it links with -nostdlib, so gcc and binutils are all it needs. */
typedef struct { unsigned short size, reservedWord; unsigned char isBigEndian, charsetFamily,
                 sizeofUChar, reservedByte, dataFormat[4], formatVersion[4], dataVersion[4]; } DataInfo;
typedef struct { unsigned short headerSize; unsigned char magic1, magic2; DataInfo info; char padding[8];
                 unsigned int count, reserved; unsigned long long fakeNameAndData[4]; } Header;
__attribute__((visibility("default"), aligned(16))) const Header SYMBOL = {
    32, 0xda, 0x27,
    { sizeof(DataInfo), 0, 0 /* little endian */, 0 /* ASCII */, 2, 0,
      {0x54, 0x6f, 0x43, 0x50} /* "ToCP" */, {1, 0, 0, 0}, {0, 0, 0, 0} },
    {0}, 0, 0, {0, 0, 0, 0}
};
"""


def stub_icu_data(app_dir: Path) -> str:
    libs = sorted(p for p in (app_dir / "_internal").rglob("libicudata.so.*") if not p.is_symlink())
    if not libs:
        return "no libicudata in the bundle"
    if sys.byteorder != "little":
        return "skipped: the stub below is written for little-endian machines"
    cc = shutil.which(os.environ.get("CC", "cc")) or shutil.which("gcc")
    if not cc:
        return "skipped: no C compiler (install gcc to save ~30 MB)"
    notes = []
    for lib in libs:
        version = lib.name.split(".so.")[1].split(".")[0]  # libicudata.so.73 -> 73
        src = WORK / SPEC.stem / "icudata-stub.c"
        src.write_text(ICU_STUB_C.replace("SYMBOL", f"icudt{version}_dat"), encoding="ascii")
        out = WORK / SPEC.stem / lib.name
        soname = lib.name if lib.name.count(".") == 2 else ".".join(lib.name.split(".")[:3])
        subprocess.run([cc, "-shared", "-fPIC", "-nostdlib", "-O2", "-s", f"-Wl,-soname,{soname}",
                        "-o", str(out), str(src)], check=True)
        before = lib.stat().st_size
        shutil.copyfile(out, lib)
        notes.append(f"{lib.name}: {before / MB:.1f} MB -> {lib.stat().st_size / 1024:.0f} KB")
    return "; ".join(notes)


# ---- checks and sizes ----------------------------------------------------------------------------
def missing_libraries(app_dir: Path) -> list[str]:
    """Shared libraries in the bundle that link against something neither bundled nor on the system."""
    if not sys.platform.startswith("linux") or not shutil.which("ldd"):
        return []
    internal = app_dir / "_internal"
    lib_dirs = sorted({str(p.parent) for p in internal.rglob("*.so*")} | {str(internal)})
    env = dict(os.environ, LD_LIBRARY_PATH=os.pathsep.join(lib_dirs))
    problems = []
    for path in sorted(internal.rglob("*.so*")):
        if not path.is_file() or path.is_symlink():
            continue
        out = subprocess.run(["ldd", str(path)], env=env, capture_output=True, text=True).stdout
        for line in out.splitlines():
            if "not found" in line:
                problems.append(f"{path.relative_to(app_dir)}: {line.strip()}")
    return problems


def archive(app_dir: Path) -> Path:
    version = PROJECT["version"]
    if sys.platform == "win32":
        base = DIST / f"{APP_NAME}-{version}-windows"
        return Path(shutil.make_archive(str(base), "zip", DIST, app_dir.name))
    system = "macos" if sys.platform == "darwin" else "linux"
    path = DIST / f"{APP_NAME}-{version}-{system}-{os.uname().machine}.tar.gz"
    with tarfile.open(path, "w:gz", compresslevel=6) as tar:
        tar.add(app_dir, arcname=app_dir.name)
    return path


def build(trim: str, compress: bool = True) -> dict:
    seconds = pyinstaller(trim)
    steps = set(TRIM_STEPS) if trim == "all" else set() if trim == "none" else set(trim.split(","))
    notes = {}
    if "strip" in steps and sys.platform.startswith("linux"):
        notes["strip"] = strip_binaries(APP_DIR)
    if "icu-data" in steps and sys.platform.startswith("linux"):
        notes["icu-data"] = stub_icu_data(APP_DIR)
    log_path = WORK / SPEC.stem / "trim-log.json"
    if log_path.is_file():
        log = json.loads(log_path.read_text(encoding="utf-8"))
        for step, files in log["dropped"].items():
            if files:
                notes[step] = f"{len(files)} files dropped"
    result = {"trim": trim, "build_s": round(seconds, 1), "folder_mb": disk_usage(APP_DIR) / MB,
              "files_mb": folder_size(APP_DIR) / MB, "notes": notes}
    if compress:
        arc = archive(APP_DIR)
        result["archive"] = str(arc)
        result["compressed_mb"] = arc.stat().st_size / MB
    return result


def smoke() -> bool:
    exe = APP_DIR / (APP_NAME + ".exe" if sys.platform == "win32" else APP_NAME)
    done = subprocess.run([sys.executable, str(ROOT / "packaging" / "smoke_test.py"), str(exe)], cwd=ROOT)
    return done.returncode == 0


def measure_steps() -> int:
    """Build with no trimming, then adding one step at a time; smoke-test each build; print a table."""
    rows, steps = [], []
    for step in (None, *TRIM_STEPS):
        if step:
            steps.append(step)
        trim = ",".join(steps) or "none"
        result = build(trim)
        result["smoke"] = "pass" if smoke() else "FAIL"
        rows.append((step or "(untrimmed)", result))
    print("\nfolder: MiB on disk as du -sm counts them (du rounds up); tar.gz: MiB")
    print("\nstep              folder MiB   saved   tar.gz MiB   smoke")
    previous = None
    for step, r in rows:
        saved = "" if previous is None else f"{previous - r['folder_mb']:6.1f}"
        print(f"{step:<16} {r['folder_mb']:10.1f}  {saved:>6}   {r['compressed_mb']:10.1f}   {r['smoke']}")
        previous = r["folder_mb"]
    return 0 if all(r["smoke"] == "pass" for _, r in rows) else 1


def main(argv: list[str] | None = None) -> int:
    global DIST, WORK, APP_DIR
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trim", default="all", help="'all' (default), 'none' or comma-separated steps: "
                        + ", ".join(TRIM_STEPS))
    parser.add_argument("--trim-steps", action="store_true", help="measure each trim step (several builds)")
    parser.add_argument("--smoke", action="store_true", help="run packaging/smoke_test.py after the build")
    parser.add_argument("--dist", type=Path, default=DIST, help="output folder (default: dist/)")
    parser.add_argument("--work", type=Path, default=WORK, help="PyInstaller's work folder (default: build/)")
    args = parser.parse_args(argv)
    DIST, WORK = args.dist.resolve(), args.work.resolve()
    APP_DIR = DIST / APP_NAME
    if args.trim_steps:
        return measure_steps()

    result = build(args.trim)
    for step, note in result["notes"].items():
        print(f"trim {step}: {note}")
    problems = missing_libraries(APP_DIR)
    for problem in problems:
        print(f"MISSING LIBRARY {problem}")
    print(f"\nbuilt {APP_DIR}/ in {result['build_s']} s (trim: {args.trim})")
    print(f"folder size:     {result['folder_mb']:7.1f} MiB on disk (du -sm: {math.ceil(result['folder_mb'])}), "
          f"{result['files_mb']:.1f} MiB of file contents")
    print(f"compressed size: {result['compressed_mb']:7.1f} MiB  ({result['archive']})")
    if problems:
        return 1
    if args.smoke and not smoke():
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
