"""Helpers for the live tests: time limits, leak checks, a compiled catalogue, and a
two-namespace link with a private D-Bus and Avahi on one side.

Nothing here touches an address outside 127.0.0.0/8 or the test's own namespaces.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType

LOOPBACK = "127.0.0.1"


def registry_xml() -> Path:
    """The real registry XML, unpacked from tests/data by conftest."""
    from conftest import MATERIAL

    return MATERIAL / "iana" / "service-names-port-numbers.xml"


def compile_catalogue(xml: Path, out: Path) -> Path:
    """Compile the real registry with the real CLI, as a user would."""
    from txtkeys.cli import main

    status = main(["compile", str(xml), "-o", str(out)])
    assert status == 0, f"txtkeys compile {xml} failed with {status}"
    return out


# -- time limits ------------------------------------------------------------------------


class TestTimeoutError(Exception):
    """Raised in the main thread when a live test runs past its limit."""


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Fail the test (rather than hang CI) when the block runs longer than ``seconds``."""

    def expired(signum: int, frame: FrameType | None) -> None:
        raise TestTimeoutError(f"live test ran past its {seconds:g} s limit")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# -- leak checks ------------------------------------------------------------------------


def _fds() -> dict[int, str]:
    found: dict[int, str] = {}
    for name in os.listdir("/proc/self/fd"):
        with contextlib.suppress(OSError):
            found[int(name)] = os.readlink(f"/proc/self/fd/{name}")
    return found


@dataclass
class ResourceSnapshot:
    """Threads and open file descriptors at one moment, to compare after a test."""

    threads: set[threading.Thread] = field(default_factory=lambda: set(threading.enumerate()))
    fds: dict[int, str] = field(default_factory=_fds)

    def leaks(self, settle: float = 3.0) -> list[str]:
        """What is open now that was not before; waits ``settle`` s for threads to end."""
        deadline = time.monotonic() + settle
        while True:
            threads = [t for t in threading.enumerate() if t not in self.threads and t.is_alive()]
            now = _fds()
            opened = {fd: target for fd, target in now.items() if self.fds.get(fd) != target}
            if (not threads and not opened) or time.monotonic() >= deadline:
                break
            time.sleep(0.05)
        problems = [f"thread {t.name!r} still running" for t in threads]
        sockets_before = sum(t.startswith("socket:") for t in self.fds.values())
        sockets_after = sum(t.startswith("socket:") for t in now.values())
        if sockets_after > sockets_before:
            problems.append(f"{sockets_after - sockets_before} socket(s) left open")
        problems.extend(f"fd {fd} -> {target} left open" for fd, target in opened.items())
        return problems


# -- processes --------------------------------------------------------------------------


def run(
    cmd: list[str], *, timeout: float = 20, check: bool = True
) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    if check and result.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {result.returncode}: {result.stderr.strip()}")
    return result


def stop_process(proc: subprocess.Popen[str], *, grace: float = 5.0) -> None:
    """SIGTERM, then SIGKILL after ``grace`` seconds; always reaps."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(grace)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(grace)
    for stream in (proc.stdout, proc.stderr, proc.stdin):
        if stream is not None:
            stream.close()


def txtkeys_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "txtkeys", *args]


def read_line_until(
    proc: subprocess.Popen[str], needle: str, timeout: float, *, stderr: bool = False
) -> list[str]:
    """Lines of the process's stdout (or stderr) up to and including one holding ``needle``."""
    stream = proc.stderr if stderr else proc.stdout
    assert stream is not None
    lines: list[str] = []
    box: list[BaseException] = []

    def reader() -> None:
        try:
            for line in stream:
                lines.append(line)
                if needle in line:
                    return
        except BaseException as exc:  # handed to the test below
            box.append(exc)

    thread = threading.Thread(target=reader, name="read-line-until", daemon=True)
    thread.start()
    thread.join(timeout)
    if box:
        raise box[0]
    if thread.is_alive() or not any(needle in line for line in lines):
        raise AssertionError(f"no {needle!r} from {proc.args} in {timeout} s; got {lines!r}")
    return lines


# -- network namespaces -----------------------------------------------------------------


def netns_unavailable() -> str | None:
    """Why the namespace test cannot run here, or None when it can."""
    if os.geteuid() != 0:
        return "needs root to create network namespaces (CI runs as root)"
    for tool in ("ip", "unshare", "dbus-daemon", "avahi-daemon", "avahi-browse", "avahi-publish"):
        if shutil.which(tool) is None:
            return (
                f"{tool} is not installed (apt-get install iproute2 util-linux dbus "
                "avahi-daemon avahi-utils)"
            )
    probe = f"txtkeys-probe-{os.getpid()}"
    made = subprocess.run(
        ["ip", "netns", "add", probe], capture_output=True, text=True, check=False
    )
    if made.returncode != 0:
        return f"cannot create a network namespace here: {made.stderr.strip()}"
    subprocess.run(["ip", "netns", "delete", probe], capture_output=True, check=False)
    return None


_DBUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>unix:path={socket}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/>
    <allow own="*"/>
    <allow send_destination="*" eavesdrop="true"/>
    <allow receive_sender="*"/>
  </policy>
</busconfig>
"""

_AVAHI_CONFIG = """[server]
host-name={host}
domain-name=local
use-ipv4=yes
use-ipv6=no
allow-interfaces={interface}
enable-dbus=yes
disallow-other-stacks=no
ratelimit-interval-usec=0
ratelimit-burst=1000

[wide-area]
enable-wide-area=no

[publish]
publish-hinfo=no
publish-workstation=no
publish-aaaa-on-ipv4=no

[reflector]
enable-reflector=no
"""


@dataclass
class AvahiLink:
    """Two namespaces joined by a veth pair; Avahi and a private D-Bus run in ``avahi_ns``."""

    tag: str
    workdir: Path
    avahi_ns: str
    peer_ns: str
    avahi_if: str
    peer_if: str
    avahi_ip: str
    peer_ip: str
    dbus_socket: Path
    processes: list[subprocess.Popen[str]] = field(default_factory=list)

    @property
    def env(self) -> dict[str, str]:
        """The environment for avahi-browse/avahi-publish: our bus, not the system one."""
        env = dict(os.environ)
        env["DBUS_SYSTEM_BUS_ADDRESS"] = f"unix:path={self.dbus_socket}"
        return env

    def in_peer(self, cmd: list[str]) -> list[str]:
        """Run in the namespace txtkeys uses."""
        return ["ip", "netns", "exec", self.peer_ns, *cmd]

    def in_avahi(self, cmd: list[str]) -> list[str]:
        """Run beside avahi-daemon (avahi-browse names interfaces by this namespace's index)."""
        return ["ip", "netns", "exec", self.avahi_ns, *cmd]

    def spawn(self, cmd: list[str], **kwargs: object) -> subprocess.Popen[str]:
        proc: subprocess.Popen[str] = subprocess.Popen(  # type: ignore[call-overload]
            cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs
        )
        self.processes.append(proc)
        return proc


def _wait_for(predicate: object, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if callable(predicate) and predicate():
            return
        time.sleep(0.1)
    raise RuntimeError(f"timed out after {timeout} s waiting for {what}")


@contextlib.contextmanager
def avahi_link(workdir: Path) -> Iterator[AvahiLink]:
    """Build the link, start D-Bus and Avahi; tear everything down, also on failure."""
    pid = os.getpid()
    tag = f"tk{pid}"
    # 169.254.0.0/16 link-local; the third octet from the pid keeps parallel runs apart.
    octet = pid % 250 + 1
    link = AvahiLink(
        tag=tag,
        workdir=workdir,
        avahi_ns=f"{tag}-avahi",
        peer_ns=f"{tag}-peer",
        avahi_if=f"{tag}a",
        peer_if=f"{tag}p",
        avahi_ip=f"169.254.{octet}.1",
        peer_ip=f"169.254.{octet}.2",
        dbus_socket=workdir / "dbus.sock",
    )
    made_ns: list[str] = []
    try:
        for ns in (link.avahi_ns, link.peer_ns):
            run(["ip", "netns", "add", ns])
            made_ns.append(ns)
        run(["ip", "link", "add", link.avahi_if, "netns", link.avahi_ns, "type", "veth",
             "peer", "name", link.peer_if, "netns", link.peer_ns])  # fmt: skip
        for ns, iface, ip in (
            (link.avahi_ns, link.avahi_if, link.avahi_ip),
            (link.peer_ns, link.peer_if, link.peer_ip),
        ):
            # Only the 169.254 address on the veth: no IPv6 link-local addresses either.
            for conf in ("all", "default", iface):
                run(["ip", "netns", "exec", ns, "sysctl", "-q", "-w",
                     f"net.ipv6.conf.{conf}.disable_ipv6=1"])  # fmt: skip
            run(["ip", "-n", ns, "link", "set", "lo", "up"])
            run(["ip", "-n", ns, "addr", "add", f"{ip}/16", "dev", iface])
            run(["ip", "-n", ns, "link", "set", iface, "multicast", "on", "up"])
        _wait_for(
            lambda: (
                "UP" in run(["ip", "-n", link.peer_ns, "-br", "link", "show", link.peer_if]).stdout
            ),
            10,
            "the veth pair to come up",
        )

        dbus_conf = workdir / "dbus.conf"
        dbus_conf.write_text(_DBUS_CONFIG.format(socket=link.dbus_socket))
        link.spawn(["dbus-daemon", "--nofork", "--nopidfile", f"--config-file={dbus_conf}"])
        _wait_for(link.dbus_socket.exists, 10, "the private dbus-daemon socket")

        avahi_conf = workdir / "avahi-daemon.conf"
        avahi_conf.write_text(_AVAHI_CONFIG.format(host=f"{tag}-avahi", interface=link.avahi_if))
        run_dir = workdir / "avahi-run"
        run_dir.mkdir()
        # avahi-daemon keeps its pid file and socket in /run/avahi-daemon: give it a
        # private mount namespace with our own directory there, so a system Avahi (or a
        # parallel run) is not disturbed.
        script = (
            "mkdir -p /run/avahi-daemon && "
            f"mount --bind {run_dir} /run/avahi-daemon && "
            f"exec avahi-daemon --no-drop-root --no-chroot --no-rlimits -f {avahi_conf}"
        )
        avahi = link.spawn(
            ["ip", "netns", "exec", link.avahi_ns, "unshare", "--mount", "--propagation",
             "private", "sh", "-c", script],
            env=link.env,
        )  # fmt: skip

        def avahi_ready() -> bool:
            if avahi.poll() is not None:
                err = avahi.stderr.read() if avahi.stderr else ""
                raise RuntimeError(f"avahi-daemon exited {avahi.returncode}: {err.strip()}")
            probe = subprocess.run(
                link.in_avahi(["avahi-browse", "-a", "-t", "-p", "-k"]),
                check=False,
                env=link.env,
                capture_output=True,
                text=True,
                timeout=10,
            )
            return probe.returncode == 0

        _wait_for(avahi_ready, 20, "avahi-daemon on the private bus")
        yield link
    finally:
        for proc in reversed(link.processes):
            stop_process(proc)
        for ns in made_ns:
            subprocess.run(["ip", "netns", "delete", ns], capture_output=True, check=False)
