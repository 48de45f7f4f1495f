"""Network guard for the offline test: imported at interpreter start via PYTHONPATH.

Any attempt to open a connection to, send to, or resolve an address other
than loopback or a Unix socket raises OSError and is logged to the file
named by KIMXI_NETGUARD_LOG, so a notebook that swallows the error still
fails the test. The kernel's own ZeroMQ channels are loopback and unaffected.
"""

import ipaddress
import os
import socket

_LOG = os.environ.get("KIMXI_NETGUARD_LOG")
_LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", ""}


def _is_local(host) -> bool:
    if host is None:
        return True
    if isinstance(host, bytes):
        host = host.decode()
    host = str(host).strip("[]")
    if host in _LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


def _refuse(what: str, target) -> None:
    if _LOG:
        with open(_LOG, "a", encoding="utf-8") as handle:
            handle.write(f"{os.getpid()} {what} {target!r}\n")
    raise OSError(f"network disabled by the kimxi offline test guard: {what} {target!r}")


_connect = socket.socket.connect
_connect_ex = socket.socket.connect_ex
_sendto = socket.socket.sendto
_getaddrinfo = socket.getaddrinfo


def _guarded_connect(self, address):
    if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_local(address[0]):
        _refuse("connect", address)
    return _connect(self, address)


def _guarded_connect_ex(self, address):
    if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_local(address[0]):
        _refuse("connect", address)
    return _connect_ex(self, address)


def _guarded_sendto(self, data, *args):
    address = args[-1]
    if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_local(address[0]):
        _refuse("sendto", address)
    return _sendto(self, data, *args)


def _guarded_getaddrinfo(host, *args, **kwargs):
    if not _is_local(host):
        _refuse("resolve", host)
    return _getaddrinfo(host, *args, **kwargs)


if _LOG:
    # Proof that the guard was loaded in this process (the kernels of nbval among them).
    with open(_LOG + ".loaded", "a", encoding="utf-8") as _handle:
        _handle.write(f"{os.getpid()}\n")

socket.socket.connect = _guarded_connect
socket.socket.connect_ex = _guarded_connect_ex
socket.socket.sendto = _guarded_sendto
socket.getaddrinfo = _guarded_getaddrinfo
