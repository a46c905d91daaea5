"""Where a hosted workshop listens and what participants type: wildcard and loopback addresses,
the warning for the whole network, the join URL, whether a port can be listened on, and which
names a browser may use for the host (`HostNames`: DNS rebinding is refused).

Each refusal is a HostingError in one line naming the option (--host, --port) to change.
"""

from __future__ import annotations

import errno
import ipaddress
import socket

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
_WILDCARDS = {"0.0.0.0", "::", ""}


class HostingError(Exception):
    """The workshop cannot be served; the message is one line naming the option to change."""


def is_wildcard(host: str) -> bool:
    """0.0.0.0 or :: listens on every network the computer is on."""
    return host.strip("[]") in _WILDCARDS


def is_loopback(host: str) -> bool:
    """Only this computer can connect: 127.x.x.x, ::1 or localhost."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def bind_warning(host: str) -> str | None:
    """What the facilitator should know before listening on `host`; None for loopback."""
    if is_loopback(host):
        return None
    if is_wildcard(host):
        return (f"warning: --host {host} listens on every network this computer is on: anyone "
                "on the same network (the whole LAN or Wi-Fi) can open the workshop page, and "
                "whoever knows the join code can take part. Use it on a network you trust.")
    return (f"warning: --host {host} can be reached from the network that address is on: anyone "
            "there can open the workshop page, and whoever knows the join code can take part.")


def lan_address() -> str | None:
    """This computer's address on its local network, or None when there is none.

    A UDP socket "connected" to a private address makes the system choose the interface it would
    use; connecting a datagram socket sends nothing.
    """
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("10.254.254.254", 1))
            address = probe.getsockname()[0]
    except OSError:
        return None
    return None if address.startswith("127.") or address == "0.0.0.0" else address


def join_url(host: str, port: int) -> str:
    """The address participants type: for 0.0.0.0 this computer's LAN address (or its name)."""
    if is_wildcard(host):
        shown = lan_address() or socket.gethostname()
    else:
        shown = host.strip("[]")
    if ":" in shown:
        shown = f"[{shown}]"
    return f"http://{shown}:{port}/"


def local_address(host: str) -> str:
    """Where this computer itself connects to a server listening on `host`."""
    if is_wildcard(host):
        return "::1" if ":" in host else "127.0.0.1"
    return host.strip("[]")


def check_port(host: str, port: int) -> None:
    """HostingError, in one line naming --host or --port, unless `host`:`port` can be listened on.

    The probe sets SO_REUSEADDR as the server does, so a port left in TIME_WAIT by the previous
    workshop counts as free, and only a port some program listens on counts as taken.
    """
    if not 1 <= port <= 65535:
        raise HostingError(f"argument --port: a port is 1 to 65535 (got {port})")
    try:
        found = socket.getaddrinfo(host.strip("[]") or None, port, type=socket.SOCK_STREAM,
                                   flags=socket.AI_PASSIVE)
    except socket.gaierror as error:
        raise HostingError(f"argument --host: {host!r} is not an address or name of this "
                           f"computer ({error.strerror}); use 127.0.0.1, or 0.0.0.0 for every "
                           "network") from None
    family, kind, protocol, _, address = found[0]
    with socket.socket(family, kind, protocol) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                raise HostingError(
                    f"argument --port: port {port} on {host} is already in use (by another "
                    f"program, or a workshop still running): choose another, e.g. "
                    f"--port {port + 1 if port < 65535 else 8001}") from None
            if error.errno == errno.EACCES:
                raise HostingError(f"argument --port: port {port} needs administrator rights "
                                   "on this computer: choose --port 1024 or above, e.g. "
                                   f"--port {DEFAULT_PORT}") from None
            if error.errno == errno.EADDRNOTAVAIL:
                raise HostingError(f"argument --host: {host} is not an address of this "
                                   "computer: use 127.0.0.1, or 0.0.0.0 for every network"
                                   ) from None
            raise HostingError(f"argument --port: cannot listen on {host} port {port}: "
                               f"{error.strerror or error}") from None


def free_port(host: str = DEFAULT_HOST) -> int:
    """A port nobody listens on now (the system's pick), for tests and benchmarks."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


class HostNames:
    """The host names a request may carry (its Host header, a websocket's Origin) for a host
    started on `host`:`port`: an address (any IP literal: no DNS name was involved, so none
    can have been rebound), localhost, this computer's own name, or the --host name given.
    Any other name reached us through someone's DNS (a rebinding attack, a mistyped proxy)
    and is refused. The port must be ours."""

    def __init__(self, host: str, port: int) -> None:
        self.port = port
        names = {"localhost"}
        try:
            own = socket.gethostname().lower()
            names |= {own, f"{own}.local", own.split(".")[0]}
        except OSError:
            pass
        given = host.strip("[]").lower()
        if given and not is_wildcard(given):
            names.add(given)
        self.names = frozenset(names)

    def allows(self, authority: str | None) -> bool:
        """Whether "name:port" (a Host header, an Origin without its scheme) is ours."""
        if not authority:
            return False
        name, port = _split_authority(authority.strip().lower())
        if port is None:
            port = 80
        if port != self.port or not name:
            return False
        try:
            ipaddress.ip_address(name.strip("[]"))
            return True
        except ValueError:
            return name.rstrip(".") in self.names

    def allows_origin(self, origin: str | None) -> bool:
        """Whether a websocket's Origin header ("http://name:port") is one of our pages."""
        if not origin or not origin.startswith("http://"):
            return False
        return self.allows(origin[len("http://"):].rstrip("/"))


def _split_authority(authority: str) -> tuple[str, int | None]:
    if authority.startswith("["):
        end = authority.find("]")
        name, rest = authority[:end + 1], authority[end + 1:]
    elif authority.count(":") == 1:
        name, rest = authority.split(":")[0], authority[authority.index(":"):]
    else:
        name, rest = authority, ""
    if not rest:
        return name, None
    if not rest.startswith(":") or not rest[1:].isdigit() or len(rest) > 6:
        return "", None
    return name, int(rest[1:])
