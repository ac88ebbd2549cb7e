"""Send a LinkedIn post through the bus and wait for its outcome (pip install nats-py)."""
import asyncio
import json

import nats

# The body is validated by the project's contract tests (packages/client/test/docs-examples.test.ts).
BODY = json.loads(
    # body:begin
    """
{
  "requestId": "python-weekly-2026-11-23",
  "connectionId": "conn_Qm9vbXRvd24tZXhhbXBsZQ",
  "text": "Weekly notes (from Python) #weekly",
  "visibility": "PUBLIC"
}
"""
    # body:end
)


async def main() -> None:
    nc = await nats.connect("nats://127.0.0.1:4222")
    js = nc.jetstream()
    # Read outcomes from the POSTS stream starting at our own request: nothing can slip past.
    ack = await js.publish("post.requested", json.dumps(BODY).encode(), headers={"Nats-Msg-Id": BODY["requestId"]})
    sub = await js.subscribe("post.>", ordered_consumer=True, config=nats.js.api.ConsumerConfig(
        deliver_policy=nats.js.api.DeliverPolicy.BY_START_SEQUENCE, opt_start_seq=ack.seq))
    async for msg in sub.messages:
        if msg.subject not in ("post.published", "post.failed"):
            continue
        event = json.loads(msg.data)
        if event["requestId"] == BODY["requestId"]:
            print(msg.subject, event.get("postUrl") or f'{event["code"]}: {event["message"]}')
            break
    await nc.drain()


asyncio.run(main())
