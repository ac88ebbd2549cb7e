// Send a LinkedIn post through the bus and wait for its outcome (go get github.com/nats-io/nats.go).
package main

import (
	"encoding/json"
	"fmt"
	"log"

	"github.com/nats-io/nats.go"
)

// The body is validated by the project's contract tests (packages/client/test/docs-examples.test.ts).
const body = `
// body:begin
{
  "requestId": "go-release-2026-11-23",
  "connectionId": "conn_Qm9vbXRvd24tZXhhbXBsZQ",
  "author": "urn:li:organization:12345678",
  "text": "Release 4.2 is out: faster [everything] #release",
  "article": { "url": "https://example.com/releases/4.2", "title": "Release 4.2" }
}
// body:end
`

func main() {
	nc, err := nats.Connect(nats.DefaultURL)
	if err != nil {
		log.Fatal(err)
	}
	defer nc.Drain()
	js, _ := nc.JetStream()
	var request map[string]any
	start, end := len("\n// body:begin\n"), len(body)-len("// body:end\n")
	if err := json.Unmarshal([]byte(body[start:end]), &request); err != nil {
		log.Fatal(err)
	}
	data, _ := json.Marshal(request)
	ack, err := js.Publish("post.requested", data, nats.MsgId(request["requestId"].(string)))
	if err != nil {
		log.Fatal(err)
	}
	// Outcomes come after the request in the POSTS stream: read from its sequence number on.
	sub, _ := js.SubscribeSync("post.>", nats.OrderedConsumer(), nats.StartSequence(ack.Sequence))
	for {
		msg, err := sub.NextMsg(60e9)
		if err != nil {
			log.Fatal("no outcome yet: ", err)
		}
		if msg.Subject != "post.published" && msg.Subject != "post.failed" {
			continue
		}
		var event map[string]any
		_ = json.Unmarshal(msg.Data, &event)
		if event["requestId"] == request["requestId"] {
			fmt.Println(msg.Subject, event)
			return
		}
	}
}
