"""The scenario library travels with the package: names, loading by name, init, the wheel."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

import simulate as sim
from simulate.cli import main
from simulate.errors import ScenarioError
from simulate.library import library_names, library_root, resolve, scenario_files

ROOT = Path(__file__).resolve().parents[2]


def test_library_names_are_the_shipped_files() -> None:
    names = library_names()
    assert "power/low_voltage_baseline" in names
    assert len(names) == len(scenario_files(ROOT / "scenarios"))
    assert all(not n.startswith("sources/") for n in names)


def test_a_scenario_loads_by_library_name() -> None:
    by_name = sim.load_scenario("power/low_voltage_baseline")
    by_path = sim.load_scenario(ROOT / "scenarios" / "power" / "low_voltage_baseline.yaml")
    assert by_name.digest() == by_path.digest()
    assert resolve("power/low_voltage_baseline").parent.parent == library_root()


def test_an_unknown_name_suggests_the_closest() -> None:
    with pytest.raises(ScenarioError) as err:
        resolve("power/low_voltage_baselin")
    assert "did you mean 'power/low_voltage_baseline'" in str(err.value)


def test_init_copies_a_scenario_with_extends_folded_in(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = "company_registration/half_day_parallel"
    assert "extends:" in (library_root() / f"{source}.yaml").read_text(encoding="utf-8")
    target = tmp_path / "mine"
    assert main(["init", str(target), "--from", source]) == 0
    written = target.with_suffix(".yaml")
    text = written.read_text(encoding="utf-8")
    assert "extends:" not in text
    mine = sim.load_scenario(written)
    shipped = sim.load_scenario(source)
    assert mine.name == "mine"
    assert [s.id for s in mine.steps] == [s.id for s in shipped.steps]
    assert mine.flow == shipped.flow
    assert [r.name for r in mine.reforms] == [r.name for r in shipped.reforms]
    assert main(["init", str(target), "--from", source]) == 1  # exists: not overwritten
    assert "--force" in capsys.readouterr().err


def test_the_installed_wheel_lists_its_library_outside_the_checkout(tmp_path: Path) -> None:
    """Build the wheel once, install it into a fresh environment, list from elsewhere."""
    wheels = tmp_path / "wheels"
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(wheels),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert build.returncode == 0, build.stderr
    (wheel,) = wheels.glob("simulate-*.whl")
    env_dir = tmp_path / "env"
    venv.create(env_dir, with_pip=False)
    python = env_dir / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    # the dependencies come from this environment (a path line, so its .pth files, and the
    # checkout's editable install among them, are not read)
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    (Path(purelib) / "dependencies.pth").write_text(
        sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8"
    )
    install = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--no-deps",
            "--ignore-installed",  # the test's own environment, on the path, may hold simulate
            "-q",
            str(wheel),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert install.returncode == 0, install.stderr
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    clean = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    script = env_dir / ("Scripts/simulate.exe" if os.name == "nt" else "bin/simulate")
    listing = subprocess.run(
        [str(script), "list"], capture_output=True, text=True, cwd=elsewhere, env=clean, check=False
    )
    assert listing.returncode == 0, listing.stderr
    assert "power/low_voltage_baseline" in listing.stdout
    assert f"{len(library_names())} scenario files" in listing.stdout
    where = subprocess.run(
        [str(python), "-c", "import simulate.library as l; print(l.library_root())"],
        capture_output=True,
        text=True,
        cwd=elsewhere,
        env=clean,
        check=True,
    ).stdout.strip()
    assert where.startswith(str(env_dir)), where  # the installed copy, not the checkout
    assert (Path(where) / "sources" / "000_f80ffa6c48ad881a.txt").is_file()
    validate = subprocess.run(
        [str(script), "validate", "power/low_voltage_baseline"],
        capture_output=True,
        text=True,
        cwd=elsewhere,
        env=clean,
        check=False,
    )
    assert validate.returncode == 0, validate.stderr
