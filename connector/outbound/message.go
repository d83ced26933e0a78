package outbound

import (
	"encoding/json"
	"fmt"
)

// MailKind is the job kind of one email.
const MailKind = "mail"

// Message is one email as a mail job carries it: whoever queues it writes the
// words, the mail kind (connector/mail) only sends them.
type Message struct {
	Subject string `json:"subject"`
	Body    string `json:"body"`
}

// Payload is the message as a job's payload.
func (m Message) Payload() string {
	b, _ := json.Marshal(m)
	return string(b)
}

// ParseMessage reads a mail job's payload.
func ParseMessage(payload string) (Message, error) {
	var m Message
	if err := json.Unmarshal([]byte(payload), &m); err != nil || m.Subject == "" {
		return m, fmt.Errorf("outbound: a mail job holds no message (%q)", payload)
	}
	return m, nil
}
