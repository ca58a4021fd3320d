"""Invokes daily.create_meeting_token through an actionnode HTTP service on
127.0.0.1:<port> with the bearer <key>, and fails unless it returns a token."""
import json
import sys
import urllib.request

port, key = sys.argv[1], sys.argv[2]
request = urllib.request.Request(
    f"http://127.0.0.1:{port}/v1/actions/daily.create_meeting_token/invoke",
    data=json.dumps({"room_name": "standup", "exp": 1893456000}).encode(),
    headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"})
result = json.load(urllib.request.urlopen(request, timeout=10))
assert result["status"] == "succeeded" and result["outputs"]["token"].startswith("eyJ"), result
