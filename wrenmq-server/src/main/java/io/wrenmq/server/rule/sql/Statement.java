package io.wrenmq.server.rule.sql;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** A compiled SELECT or FOREACH: the rows one message gives. */
interface Statement {

    List<Map<String, Object>> rows(EvalContext c);

    /** The names of the row's columns ("*" for the message fields). */
    List<String> names();

    /** {@code SELECT fields FROM ... [WHERE cond]}: one row when the condition holds (it is checked first). */
    record Select(Projection fields, Expr where) implements Statement {
        @Override
        public List<Map<String, Object>> rows(EvalContext c) {
            if (where != null && !Values.passes(where.eval(c), "WHERE")) {
                return List.of();
            }
            return Collections.singletonList(fields.row(c));
        }

        @Override
        public List<String> names() {
            return fields.names();
        }
    }

    /**
     * {@code FOREACH array [AS name] [DO fields] [INCASE cond] FROM ... [WHERE cond]}: when WHERE holds, one row per
     * element of the array for which INCASE holds; the DO fields are computed per element (their slots reset). A
     * value that is not an array gives no rows (a string is first read as JSON, so a payload that is a JSON array
     * works as {@code FOREACH payload}).
     */
    record Foreach(int arraySlot, int elementSlot, Expr where, Expr incase, Projection fields, int firstDoSlot,
            int endDoSlot) implements Statement {
        @Override
        public List<Map<String, Object>> rows(EvalContext c) {
            if (where != null && !Values.passes(where.eval(c), "WHERE")) {
                return List.of();
            }
            Object array = c.slot(arraySlot);
            if (array instanceof String s) {
                array = JsonModel.parseOrNull(s);
            }
            if (!(array instanceof List<?> elements)) {
                return List.of();
            }
            List<Map<String, Object>> rows = new ArrayList<>(elements.size());
            for (Object element : elements) {
                c.set(elementSlot, element);
                c.reset(firstDoSlot, endDoSlot);
                if (incase == null || Values.passes(incase.eval(c), "INCASE")) {
                    rows.add(fields.row(c));
                }
            }
            return rows;
        }

        @Override
        public List<String> names() {
            return fields.names();
        }
    }
}
