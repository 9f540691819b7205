/**
 * Rule SQL (issue #14): EMQX's rule language, which also takes every NanoMQ rule statement unchanged. A hand-written
 * {@link io.wrenmq.server.rule.sql.Lexer} and recursive-descent parser compile a statement once into a tree of small
 * evaluator objects ({@link io.wrenmq.server.rule.sql.Expr}); {@link io.wrenmq.server.rule.sql.RuleSql} is the
 * public face: parse, match a topic, evaluate a {@link io.wrenmq.server.rule.sql.RuleMessage} into rows of a
 * JSON-like model. The user reference is docs/rules.md, section "Rule SQL".
 */
package io.wrenmq.server.rule.sql;
