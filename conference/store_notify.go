package conference

import (
	"context"

	"gorm.io/gorm"
)

// Notifier writes the messages an event causes into an outbox, inside tx:
// the transaction of the change itself, so that a rolled-back change leaves
// no message and no change is committed without its message.
type Notifier interface {
	Notify(ctx context.Context, tx *gorm.DB, e Event) error
}

// SetNotifier sets where the stores of this and the packages above write
// their messages. Call it while wiring, before serving; without one, events
// cause no messages.
func (s *Store) SetNotifier(n Notifier) { s.notifier = n }

// Notify hands e to the notifier within tx (see Notifier); without a
// notifier it does nothing. Packages above call it in their transactions.
func (s *Store) Notify(ctx context.Context, tx *gorm.DB, e Event) error {
	if s.notifier == nil {
		return nil
	}
	return s.notifier.Notify(ctx, tx, e)
}
