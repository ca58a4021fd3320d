#!/usr/bin/env python3
"""A push subscriber of the knocking demo, as a builder's webhook node is one.

Subscribes its own loopback URL to daily.waiting_participant_joined on the
actionnode HTTP host given, keeps the secret of the answer, verifies each
delivery as Standard Webhooks specifies (HMAC-SHA256 of id.timestamp.body,
timestamp within 5 minutes), prints the event and asks the host for the
owner's meeting token of the room the guest knocks on.
Usage: demo-push-subscriber.py <host url>
"""
import base64
import hashlib
import hmac
import http.server
import json
import sys
import time
import urllib.request

host = sys.argv[1]
trigger = "daily.waiting_participant_joined"
secret = None


def call(method, path, body):
    request = urllib.request.Request(host + path, method=method, data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.load(answer)


def verified(headers, body):
    webhook_id, timestamp = headers.get("webhook-id", ""), headers.get("webhook-timestamp", "")
    if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > 300:
        return False
    key = base64.b64decode(secret[len("whsec_"):])
    expected = base64.b64encode(hmac.new(key, f"{webhook_id}.{timestamp}.".encode() + body, hashlib.sha256).digest())
    return any(hmac.compare_digest(expected, signature.split(",", 1)[-1].encode())
               for signature in headers.get("webhook-signature", "").split())


class Receiver(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if not verified(self.headers, body):
            self.send_response(401)
            self.end_headers()
            print("push subscriber: a delivery did not verify", file=sys.stderr, flush=True)
            return
        self.send_response(204)
        self.end_headers()
        event = json.loads(body)
        print(f"push subscriber: verified {self.headers['webhook-id']}: {json.dumps(event, sort_keys=True)}", flush=True)
        room = event["outputs"]["room"]
        token = call("POST", "/v1/actions/daily.create_meeting_token/invoke",
                     {"room_name": room, "user_name": "Owner", "is_owner": True, "exp": int(time.time()) + 3600})
        print(f"push subscriber: the owner's token for {room}: {json.dumps(token, sort_keys=True)}", flush=True)

    def log_message(self, *arguments):
        pass


server = http.server.HTTPServer(("127.0.0.1", 0), Receiver)
subscription = call("POST", f"/v1/triggers/{trigger}/subscriptions", {
    "target_url": f"http://127.0.0.1:{server.server_port}/knocks", "filters": {"room": "standup"}})
secret = subscription["secret"]
print(f"push subscriber: subscribed as {subscription['subscription']} at {subscription['target_url']}", flush=True)
server.serve_forever()
