"""regular.py: only regular files are opened, a FIFO without waiting, and never read past a cap."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from policy_lint.regular import NotRegular, TooLarge, describe_size, open_regular, read_capped


def test_a_regular_file_and_a_symlink_to_one_are_read(tmp_path: Path) -> None:
    target = tmp_path / "policy.yaml"
    target.write_bytes(b"format: 1\n")
    link = tmp_path / "link.yaml"
    link.symlink_to(target)
    assert read_capped(target, 100) == read_capped(link, 100) == b"format: 1\n"


def test_a_fifo_is_refused_at_once_not_waited_on(tmp_path: Path) -> None:
    fifo = tmp_path / "export.csv"
    os.mkfifo(fifo)
    with pytest.raises(NotRegular, match=r"is a FIFO \(a named pipe\), not a regular file"):
        open_regular(fifo)


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "/dev/null"])
def test_a_device_is_refused(device: str) -> None:
    if not Path(device).exists():
        pytest.skip(f"{device} is not on this system")
    with pytest.raises(NotRegular, match="is a character device"):
        read_capped(Path(device), 10)


def test_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(NotRegular, match="is a folder"):
        open_regular(tmp_path)


def test_no_more_than_the_cap_is_read(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"x" * 101)
    assert read_capped(path, 101) == b"x" * 101
    with pytest.raises(TooLarge, match="is larger than 100 bytes"):
        read_capped(path, 100)
    assert (describe_size(5_000_000), describe_size(65_536)) == ("5 MB", "64 KiB")
