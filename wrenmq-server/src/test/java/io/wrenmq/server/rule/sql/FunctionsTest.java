package io.wrenmq.server.rule.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import java.security.MessageDigest;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every built-in function with valid arguments (the value, as JSON) and with arguments it refuses (the reason).
 * Expressions run on {@link Messages#sample()}: topic sensors/s1/temp, payload
 * {"temp": 25.5, "hum": 40, "tags": ["a", "b"], "loc": {"site": "north"}}, client c1.
 */
class FunctionsTest {
    private static final String VALID = """
            lower('AbC')                                  | "abc"
            upper('AbC')                                  | "ABC"
            trim('  a b  ')                               | "a b"
            ltrim('  a ')                                 | "a "
            rtrim('  a ')                                 | "  a"
            reverse('héllo')                              | "olléh"
            strlen('héllo')                               | 5
            strlen('')                                    | 0
            substr('abcdef', 2)                           | "cdef"
            substr('abcdef', 2, 3)                        | "cde"
            substr('abc', 5)                              | ""
            concat('a', 'b')                              | "ab"
            concat('n=', 1, ', ok=', true)                | "n=1, ok=true"
            split('a/b/ c', '/')                          | ["a", "b", " c"]
            split('/a//b/', '/')                          | ["a", "b"]
            split('/a//b/', '/', 'notrim')                | ["", "a", "", "b", ""]
            split('a/b/c', '/', 'leading')                | ["a", "b/c"]
            split('a/b/c', '/', 'trailing')               | ["a/b", "c"]
            split('/a', '/', 'leading_notrim')            | ["", "a"]
            split('a/', '/', 'trailing_notrim')           | ["a", ""]
            tokens('a, b;c', ', ;')                       | ["a", "b", "c"]
            tokens(json_decode('"a\\r\\nb,c"'), ',', 'nocrlf') | ["a", "b", "c"]
            replace('a-b-c', '-', '+')                    | "a+b+c"
            replace('a-b-c', '-', '+', 'leading')         | "a+b-c"
            replace('a-b-c', '-', '+', 'trailing')        | "a-b+c"
            find('a/b/c', '/')                            | "/b/c"
            find('a/b/c', '/', 'trailing')                | "/c"
            find('abc', 'x')                              | ""
            pad('ab', 4)                                  | "ab  "
            pad('ab', 4, 'leading')                       | "  ab"
            pad('ab', 5, 'both', '*')                     | "*ab**"
            join_to_string('-', ['a', 1, true])           | "a-1-true"
            regex_match('abc123', '[0-9]+')               | true
            regex_match('abc', '^b')                      | false
            regex_replace('ab12cd3', '[0-9]+', '#')       | "ab#cd#"
            regex_replace('2024-05-06', '(\\d+)-(\\d+)-(\\d+)', '\\3.\\2.\\1') | "06.05.2024"
            regex_replace('ab', 'b', '[&]')               | "a[b]"
            abs(-12)                                      | 12
            abs(-1.5)                                     | 1.5
            ceil(1.2)                                     | 2
            ceil(-1.2)                                    | -1
            ceil(3)                                       | 3
            floor(1.8)                                    | 1
            floor(-1.2)                                   | -2
            round(1.5)                                    | 2
            round(-2.5)                                   | -3
            round(1.49)                                   | 1
            sqrt(16)                                      | 4.0
            exp(0)                                        | 1.0
            log(1)                                        | 0.0
            log10(1000)                                   | 3.0
            log2(1024)                                    | 10.0
            sin(0)                                        | 0.0
            cos(0)                                        | 1.0
            tan(0)                                        | 0.0
            asin(1)                                       | 1.5707963267948966
            acos(1)                                       | 0.0
            atan(1)                                       | 0.7853981633974483
            sinh(0)                                       | 0.0
            cosh(0)                                       | 1.0
            tanh(0)                                       | 0.0
            power(2, 10)                                  | 1024.0
            pow(2, 0.5)                                   | 1.4142135623730951
            fmod(-32, 5)                                  | -2.0
            is_null(payload.missing)                      | true
            is_null(1)                                    | false
            is_not_null(1)                                | true
            is_str('a')                                   | true
            is_str(1)                                     | false
            is_bool(false)                                | true
            is_int(1)                                     | true
            is_int(1.0)                                   | false
            is_float(1.0)                                 | true
            is_num(2.3)                                   | true
            is_num('1')                                   | false
            is_map(payload.loc)                           | true
            is_array(payload.tags)                        | true
            str(1234)                                     | "1234"
            str(2.5)                                      | "2.5"
            str(true)                                     | "true"
            str(payload.tags)                             | "[\\"a\\",\\"b\\"]"
            str(payload.missing)                          | null
            str_utf8(12)                                  | "12"
            int('1234')                                   | 1234
            int(3.9)                                      | 3
            int(-3.9)                                     | -3
            int('2.7')                                    | 2
            int(true)                                     | 1
            int(payload.missing)                          | null
            float('3.14')                                 | 3.14
            float(2)                                      | 2.0
            bool('true')                                  | true
            bool(0)                                       | false
            bool(true)                                    | true
            json_encode(payload.loc)                      | "{\\"site\\":\\"north\\"}"
            json_encode('a')                              | "\\"a\\""
            json_decode('{"a": [1, 2]}')                  | {"a": [1, 2]}
            base64_encode('some val')                     | "c29tZSB2YWw="
            base64_decode('c29tZSB2YWw=')                 | "some val"
            bin2hexstr('AB')                              | "4142"
            hexstr2bin('4142')                            | "AB"
            md5('some val')                               | "1b68352b3e9c2de52ffd322e30bffcc4"
            sha('some val')                               | "f85ba28ff5ea84a0cbfa118319acb0c5e58ee2b9"
            sha256('some val')                            | "67f97635d8a0e064f60ba6e8846a0ac0be664f18f0c1dc6445cd3542d2b71993"
            rfc3339_to_unix_ts('2022-04-25T16:11:16+08:00') | 1650874276
            rfc3339_to_unix_ts('2022-04-25T16:11:58.331+08:00', 'millisecond') | 1650874318331
            rfc3339_to_unix_ts('2022-04-25T08:11:16Z')    | 1650874276
            rfc3339_to_unix_ts(unix_ts_to_rfc3339(1650874276)) | 1650874276
            rfc3339_to_unix_ts(unix_ts_to_rfc3339(1650874318331, 'millisecond'), 'millisecond') | 1650874318331
            rfc3339_to_unix_ts(unix_ts_to_rfc3339(-1500, 'microsecond'), 'microsecond') | -1500
            format_date('second', '+0800', '%Y-%m-%d %H:%M:%S%:z', 1653561612) | "2022-05-26 18:40:12+08:00"
            format_date('millisecond', 'z', '%Y-%m-%dT%H:%M:%S.%3N%z', 1653561612123) | "2022-05-26T10:40:12.123+0000"
            format_date('nanosecond', -3600, '%H %::z %6N %N %% %q', 1653561612123456789) | "09 -01:00:00 123456 123456789 % %q"
            format_date('second', '-02:30', '%H:%M %:z', 0) | "21:30 -02:30"
            nth(2, [1, 2, 3])                             | 2
            nth(2, split(topic, '/'))                     | "s1"
            length([1, 2, 3])                             | 3
            first([1, 2])                                 | 1
            last([1, 2])                                  | 2
            sublist(2, [1, 2, 3])                         | [1, 2]
            sublist(2, 5, [1, 2, 3])                      | [2, 3]
            sublist(5, 1, [1])                            | []
            contains(2, [1, 2, 3])                        | true
            contains('x', payload.tags)                   | false
            map_new()                                     | {}
            map_get('site', payload.loc)                  | "north"
            map_get('loc.site', json_decode(payload))     | "north"
            map_get('x', payload.loc, 'none')             | "none"
            mget('site', payload.loc)                     | "north"
            map_put('a', 1, map_new())                    | {"a": 1}
            map_put('a.b', 1, payload.loc)                | {"site": "north", "a": {"b": 1}}
            mput('site', 'south', payload.loc)            | {"site": "south"}
            map_keys(payload.loc)                         | ["site"]
            map_values(payload.loc)                       | ["north"]
            """;

    private static final String INVALID = """
            lower(1)                                | lower: argument 1 must be a string, got integer 1
            upper(payload.missing)                  | upper: argument 1 must be a string, got null
            trim([1])                               | trim: argument 1 must be a string, got array of 1
            ltrim(1)                                | ltrim: argument 1 must be a string
            rtrim(1)                                | rtrim: argument 1 must be a string
            reverse(1)                              | reverse: argument 1 must be a string
            strlen(1)                               | strlen: argument 1 must be a string
            substr('abc', -1)                       | substr: start and length must not be negative
            substr('abc', 1.5)                      | substr: argument 2 must be an integer, got float 1.5
            concat('a', payload.missing)            | concat: argument 2 must be a value, got null
            split('a', '')                          | split: the separator must not be empty
            split('a', '/', clientid)               | split: unknown split mode 'c1'
            tokens('a', ',', clientid)              | tokens: unknown tokens mode 'c1' (expected nocrlf)
            replace('a', '', 'b')                   | replace: the text to replace must not be empty
            replace('a', 'a', 'b', clientid)        | replace: unknown direction 'c1' (expected all, leading, trailing)
            find('a', 'b', clientid)                | find: unknown direction 'c1' (expected leading, trailing)
            pad('a', 3, 'both', 'xy')               | pad: the padding must be one character, got 'xy'
            pad('a', 100000000)                     | pad: length 100000000 is too large
            join_to_string('-', [1, null])          | join_to_string: element 2 is null
            join_to_string('-', 'a')                | join_to_string: argument 2 must be an array, got string 'a'
            regex_match('a', clientid + '[')        | regex_match: invalid regular expression 'c1['
            regex_replace('a', '(a)', '\\2')        | regex_replace: the replacement refers to group 2, the pattern has 1
            abs('x')                                | abs: argument 1 must be a number, got string 'x'
            abs(-9223372036854775807 - 1)           | abs: integer overflow
            ceil(1e300)                             | ceil: the result 1.0E300 does not fit in a 64-bit integer
            floor('x')                              | floor: argument 1 must be a number
            round(true)                             | round: argument 1 must be a number, got boolean true
            sqrt(-1)                                | sqrt: the result is not a finite number
            exp(1000)                               | exp: the result is not a finite number
            log(0)                                  | log: the result is not a finite number
            log10(-1)                               | log10: the result is not a finite number
            log2('x')                               | log2: argument 1 must be a number
            sin('x')                                | sin: argument 1 must be a number
            cos('x')                                | cos: argument 1 must be a number
            tan('x')                                | tan: argument 1 must be a number
            asin(2)                                 | asin: the result is not a finite number
            acos(2)                                 | acos: the result is not a finite number
            atan('x')                               | atan: argument 1 must be a number
            sinh(1000)                              | sinh: the result is not a finite number
            cosh(1000)                              | cosh: the result is not a finite number
            tanh('x')                               | tanh: argument 1 must be a number
            power(10, 400)                          | power: the result is not a finite number
            pow('a', 1)                             | pow: argument 1 must be a number
            fmod(1, 0)                              | fmod: the result is not a finite number
            int('abc')                              | int: cannot convert string 'abc' to an integer
            int(payload.loc)                        | int: cannot convert map to an integer
            int(1e300)                              | int: cannot convert float 1.0E300 to an integer
            float('x')                              | float: cannot convert string 'x' to a float
            bool('yes')                             | bool: cannot convert string 'yes' to a boolean
            json_decode('{bad')                     | json_decode: not valid JSON
            json_decode('1 2')                      | json_decode: not valid JSON
            json_decode(1)                          | json_decode: argument 1 must be a string, got integer 1
            base64_encode(1)                        | base64_encode: argument 1 must be a string
            base64_decode('!!')                     | base64_decode: not Base64
            bin2hexstr(1)                           | bin2hexstr: argument 1 must be a string
            hexstr2bin('4G')                        | hexstr2bin: not a hex string
            md5(1)                                  | md5: argument 1 must be a string, got integer 1
            sha(1)                                  | sha: argument 1 must be a string
            sha256(payload.loc)                     | sha256: argument 1 must be a string, got map
            rfc3339_to_unix_ts('yesterday')         | rfc3339_to_unix_ts: not an RFC 3339 time: 'yesterday'
            unix_ts_to_rfc3339(1, clientid)         | unix_ts_to_rfc3339: unknown time unit 'c1'
            unix_ts_to_rfc3339(9223372036854775807) | unix_ts_to_rfc3339: timestamp 9223372036854775807 is out of range
            format_date('second', 'mars', '%Y', 0)  | format_date: unknown offset string 'mars' (expected 'z', 'local', '+08:00', '+0800' or seconds)
            format_date('second', 999999, '%Y', 0)  | format_date: offset integer 999999 is out of range
            format_date(clientid, 'z', '%Y', 0)     | format_date: unknown time unit 'c1'
            now_timestamp(clientid)                 | now_timestamp: unknown time unit 'c1'
            now_rfc3339(qos)                        | now_rfc3339: argument 1 must be a string, got integer 1
            nth(4, [1, 2, 3])                       | nth: position 4 is outside the array of 3
            nth(0, [1])                             | nth: position 0 is outside the array of 1
            first([])                               | first: position 1 is outside the array of 0
            last([])                                | last: position 0 is outside the array of 0
            length('abc')                           | length: argument 1 must be an array, got string 'abc'
            sublist(0, 1, [1])                      | sublist: start must be 1 or more and length not negative
            contains(1, 'x')                        | contains: argument 2 must be an array
            map_get(1, payload.loc)                 | map_get: argument 1 must be a string, got integer 1
            mget('a', 1)                            | mget: argument 2 must be a map, got integer 1
            map_put('a', 1, 'x')                    | map_put: argument 3 must be a map, got string 'x'
            mput(1, 1, payload.loc)                 | mput: argument 1 must be a string
            map_keys([1])                           | map_keys: argument 1 must be a map, got array of 1
            map_values(1)                           | map_values: argument 1 must be a map
            """;

    /** Functions that take any value: only a wrong argument count can be wrong (checked at parse time). */
    private static final Set<String> TOTAL = Set.of("is_null", "is_not_null", "is_str", "is_bool", "is_int",
            "is_float", "is_num", "is_map", "is_array", "str", "str_utf8", "json_encode", "map_new");

    /** Functions of the clock, tested against it (timeFunctionsReadTheClock) rather than in the table. */
    private static final Set<String> CLOCK = Set.of("now_timestamp", "now_rfc3339");
    private static final long CLOCK_SLACK_MS = 50;

    private static final Pattern CALL = Pattern.compile("([a-z_0-9]+)\\(");

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = VALID)
    void validArguments(String expr, String expectedJson) {
        Object actual = Messages.value(expr);
        Object expected = JsonModel.parse(expectedJson, "expected");
        if (expected instanceof Double d && actual instanceof Double a) {
            assertThat(a).as(expr).isCloseTo(d, within(1e-12));
        } else {
            assertThat(actual).as(expr).isEqualTo(expected);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = INVALID)
    void refusedArguments(String expr, String reason) {
        Evaluation.fails(expr, reason);
    }

    @Test
    void everyFunctionHasValidAndRefusedCases() {
        Set<String> all = FunctionRegistry.all().stream().map(FunctionSpec::name)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> tabled = new TreeSet<>(all);
        tabled.removeAll(CLOCK);
        assertThat(called(VALID)).as("functions with a valid case").containsAll(tabled);
        Set<String> refusable = new TreeSet<>(all);
        refusable.removeAll(TOTAL);
        assertThat(firstCalled(INVALID)).as("functions with a refused case").containsAll(refusable);
    }

    @Test
    void everyFunctionChecksItsArgumentCountAtParseTime() {
        for (FunctionSpec f : FunctionRegistry.all()) {
            int tooMany = f.maxArgs() == Integer.MAX_VALUE ? -1 : f.maxArgs() + 1;
            for (int n : new int[] {f.minArgs() - 1, tooMany}) {
                if (n < 0) {
                    continue;
                }
                String args = String.join(", ", Collections.nCopies(n, "1"));
                String sql = "SELECT " + f.name().toUpperCase() + "(" + args + ") FROM \"t\"";
                RuleSqlException e = catchThrowableOfType(() -> RuleSql.parse(sql), RuleSqlException.class);
                assertThat(e).as(sql).isNotNull();
                assertThat(e.reason()).isEqualTo("function '" + f.name() + "' " + f.arity() + ", got " + n);
                assertThat(e.column()).isEqualTo(8);
            }
        }
    }

    @Test
    void timeFunctionsReadTheClock() {
        long before = Instant.now().toEpochMilli() - CLOCK_SLACK_MS;
        long seconds = (Long) Messages.value("now_timestamp()");
        long millis = (Long) Messages.value("now_timestamp('millisecond')");
        long micros = (Long) Messages.value("now_timestamp('microsecond')");
        long nanos = (Long) Messages.value("now_timestamp('nanosecond')");
        String rfc = (String) Messages.value("now_rfc3339('millisecond')");
        String today = (String) Messages.value("format_date('second', 'z', '%Y-%m-%d')");
        long after = Instant.now().toEpochMilli() + CLOCK_SLACK_MS;
        assertThat(seconds).isBetween(before / 1000, after / 1000);
        assertThat(millis).isBetween(before, after);
        assertThat(micros / 1000).isBetween(before, after);
        assertThat(nanos / 1_000_000).isBetween(before, after);
        assertThat(rfc).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}[+-]\\d{2}:\\d{2}");
        assertThat(OffsetDateTime.parse(rfc).toInstant().toEpochMilli()).isBetween(before, after);
        assertThat((String) Messages.value("now_rfc3339()")).matches(".*T\\d{2}:\\d{2}:\\d{2}[+-]\\d{2}:\\d{2}");
        assertThat(today).isIn(Instant.ofEpochMilli(before).toString().substring(0, 10),
                Instant.ofEpochMilli(after).toString().substring(0, 10));
    }

    @Test
    void rfc3339IsWrittenInTheLocalOffsetWithTheUnitsDigits() {
        String s = (String) Messages.value("unix_ts_to_rfc3339(1650874318331, 'millisecond')");
        assertThat(s).matches("2022-04-2\\dT\\d{2}:\\d{2}:58\\.331[+-]\\d{2}:\\d{2}");
        assertThat(OffsetDateTime.parse(s).toInstant().toEpochMilli()).isEqualTo(1650874318331L);
        assertThat((String) Messages.value("unix_ts_to_rfc3339(1650874276123456789, 'nanosecond')"))
                .contains(":16.123456789");
    }

    @Test
    void hashesAndEncodersSeeAPayloadsRawBytes() throws Exception {
        byte[] raw = {0, (byte) 0xff};
        RuleMessage m = Messages.builder().payload(raw).build();
        assertThat(Messages.value("bin2hexstr(payload)", m)).isEqualTo("00FF");
        assertThat(Messages.value("base64_encode(payload)", m)).isEqualTo("AP8=");
        assertThat(Messages.value("md5(payload)", m)).isEqualTo(hex("MD5", raw));
        assertThat(Messages.value("sha(payload)", m)).isEqualTo(hex("SHA-1", raw));
        assertThat(Messages.value("sha256(payload)", m)).isEqualTo(hex("SHA-256", raw));
        assertThat(Messages.value("bin2hexstr(lower(payload))", m)).as("not the bare payload: its text")
                .isEqualTo("00EFBFBD");
    }

    private static String hex(String algorithm, byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(data));
    }

    private static Set<String> called(String table) {
        Set<String> names = new TreeSet<>();
        Matcher m = CALL.matcher(table);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static Set<String> firstCalled(String table) {
        return Arrays.stream(table.split("\n")).map(line -> CALL.matcher(line))
                .filter(Matcher::find).map(m -> m.group(1)).collect(Collectors.toCollection(TreeSet::new));
    }

    /** A statement that runs a regular expression is not of bounded cost (the engine keeps it off the event loops). */
    @Test
    void onlyRegularExpressionsMakeAStatementsCostUnbounded() throws Exception {
        assertThat(RuleSql.parse("SELECT lower(payload), payload.a FROM \"t\" WHERE strlen(topic) > 1").hasBoundedCost())
                .isTrue();
        assertThat(RuleSql.parse("SELECT * FROM \"t\" WHERE regex_match(payload, 'a+')").hasBoundedCost()).isFalse();
        assertThat(RuleSql.parse("SELECT REGEX_REPLACE(payload, 'a', 'b') AS x FROM \"t\"").hasBoundedCost()).isFalse();
    }
}
