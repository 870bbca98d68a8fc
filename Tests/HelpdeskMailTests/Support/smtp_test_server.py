#!/usr/bin/env python3
"""A real SMTP server on loopback for HelpdeskMailTests, built on aiosmtpd.

Every accepted message is saved to DIR as N.eml (the raw bytes as received, after SMTP dot-unstuffing) and N.json
(envelope and the decoded subject, text and HTML parts, parsed by Python's email package). When it listens, the server
writes its port to DIR/ready.

Options:
  --tempfail-first N    answer 451 to the end of the first N messages' DATA (they are not saved)
  --reject-rcpt TEXT    answer 550 to RCPT TO for addresses containing TEXT
  --auth USER:PASS      require AUTH with these credentials
  --auth-mechanisms M   comma-separated mechanisms to offer (PLAIN, LOGIN)
  --starttls CERT KEY   offer STARTTLS with this certificate (and require it)
  --implicit-tls CERT KEY  speak TLS from the first byte (smtps)
  --no-ehlo             answer 502 to EHLO, like an old server that only knows HELO
"""

import argparse
import asyncio
import json
import os
import signal
import ssl
import sys
import warnings
from email import policy
from email.parser import BytesParser

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

# The tests use AUTH without TLS on purpose; keep the output quiet.
warnings.filterwarnings("ignore")


class Recorder:
    def __init__(self, directory, tempfail_first, reject_rcpt):
        self.directory = directory
        self.tempfail_left = tempfail_first
        self.reject_rcpt = reject_rcpt
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.reject_rcpt and self.reject_rcpt in address:
            return "550 5.1.1 <%s>: Recipient address rejected: no such user" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.tempfail_left > 0:
            self.tempfail_left -= 1
            return "451 4.3.0 Temporary failure, try again later"
        self.count += 1
        raw = envelope.original_content or envelope.content
        message = BytesParser(policy=policy.default).parsebytes(raw)
        text = message.get_body(preferencelist=("plain",))
        html = message.get_body(preferencelist=("html",))
        long_lines = [len(line) for line in raw.split(b"\r\n") if len(line) > 998]
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "subject": str(message["subject"]),
            "from": str(message["from"]),
            "to": str(message["to"]),
            "message_id": str(message["message-id"]),
            "date": str(message["date"]),
            "content_type": message.get_content_type(),
            "text": text.get_content() if text is not None else None,
            "html": html.get_content() if html is not None else None,
            "authenticated_as": session.auth_data.login.decode() if isinstance(session.auth_data, LoginPassword) else None,
            "tls": session.ssl is not None or server.transport.get_extra_info("ssl_object") is not None,
            "bare_lf": b"\r\n" not in raw or raw.replace(b"\r\n", b"").count(b"\n") > 0,
            "long_lines": long_lines,
        }
        base = os.path.join(self.directory, str(self.count))
        with open(base + ".eml", "wb") as f:
            f.write(raw)
        with open(base + ".json.tmp", "w") as f:
            json.dump(record, f)
        os.rename(base + ".json.tmp", base + ".json")
        return "250 2.0.0 OK queued as %d" % self.count


class HeloOnlySMTP(SMTP):
    async def smtp_EHLO(self, hostname):
        await self.push("502 5.5.1 EHLO not implemented")


class Authenticator:
    def __init__(self, user, password):
        self.user = user.encode()
        self.password = password.encode()

    def __call__(self, server, session, envelope, mechanism, auth_data):
        if isinstance(auth_data, LoginPassword) and auth_data.login == self.user and auth_data.password == self.password:
            return AuthResult(success=True, auth_data=auth_data)
        return AuthResult(success=False, handled=False)


def tls_context(cert, key):
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context


async def main():
    # The test process may start us with SIGTERM blocked (an inherited signal mask); make sure it is delivered.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", required=True)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--tempfail-first", type=int, default=0)
    parser.add_argument("--reject-rcpt")
    parser.add_argument("--auth")
    parser.add_argument("--auth-mechanisms")
    parser.add_argument("--starttls", nargs=2)
    parser.add_argument("--implicit-tls", nargs=2)
    parser.add_argument("--no-ehlo", action="store_true")
    args = parser.parse_args()

    handler = Recorder(args.dir, args.tempfail_first, args.reject_rcpt)
    options = {"hostname": "test.smtp.local", "ident": "helpdesk-test-smtp"}
    if args.auth:
        user, password = args.auth.split(":", 1)
        options["authenticator"] = Authenticator(user, password)
        options["auth_required"] = True
        options["auth_require_tls"] = bool(args.starttls)
        if args.auth_mechanisms:
            offered = {m.strip().upper() for m in args.auth_mechanisms.split(",")}
            options["auth_exclude_mechanism"] = [m for m in ("PLAIN", "LOGIN") if m not in offered]
    if args.starttls:
        options["tls_context"] = tls_context(*args.starttls)
        options["require_starttls"] = True

    server_ssl = tls_context(*args.implicit_tls) if args.implicit_tls else None
    loop = asyncio.get_running_loop()
    protocol = HeloOnlySMTP if args.no_ehlo else SMTP
    server = await loop.create_server(lambda: protocol(handler, **options), "127.0.0.1", args.port, ssl=server_ssl)
    port = server.sockets[0].getsockname()[1]
    with open(os.path.join(args.dir, "ready.tmp"), "w") as f:
        f.write(str(port))
    os.rename(os.path.join(args.dir, "ready.tmp"), os.path.join(args.dir, "ready"))

    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    # Never outlive the test process, nor run for more than ten minutes (a whole suite on two busy cores can take a
    # test several minutes to reach its delivery).
    parent = os.getppid()
    for _ in range(1200):
        if stop.is_set() or os.getppid() != parent:
            break
        try:
            await asyncio.wait_for(stop.wait(), timeout=0.5)
        except asyncio.TimeoutError:
            pass
    server.close()
    await server.wait_closed()


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
