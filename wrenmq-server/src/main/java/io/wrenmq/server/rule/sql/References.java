package io.wrenmq.server.rule.sql;

/** The expressions that read a name: a message field, a selected field (alias), the payload's raw bytes. */
final class References {
    private References() {
    }

    /** A message field: {@code topic}, {@code qos}, ... */
    static final class FieldRef extends Expr {
        private final MessageField field;

        FieldRef(MessageField field) {
            this.field = field;
        }

        MessageField field() {
            return field;
        }

        @Override
        Object eval(EvalContext c) {
            return field.read(c);
        }
    }

    /** A selected field by its alias, or FOREACH's element: a slot of the context. */
    static final class SlotRef extends Expr {
        private final int slot;

        SlotRef(int slot) {
            this.slot = slot;
        }

        @Override
        Object eval(EvalContext c) {
            return c.slot(slot);
        }
    }

    /**
     * A name that several fields build together ({@code AS a.b, ... AS a.c} make {@code a} the map
     * {@code {b, c}}): the fields' values put in order, as into the row.
     */
    static final class AliasGroupRef extends Expr {
        private final Scope.Entry[] entries;

        AliasGroupRef(Scope.Entry[] entries) {
            this.entries = entries;
        }

        @Override
        Object eval(EvalContext c) {
            Object value = null;
            for (Scope.Entry e : entries) {
                value = Nesting.put(value, e.subpath(), 0, c.slot(e.slot()));
            }
            return value;
        }
    }

    /** The payload's bytes, for the functions that hash or encode bytes ({@link Bytes}). */
    static final class PayloadBytes extends Expr {
        @Override
        Object eval(EvalContext c) {
            return new Bytes(c.message().payload());
        }
    }
}
