// Differential: random schema/instance pairs built from the draft-07
// vocabulary (the keywords the precheck knows, and a few it does not), the
// precheck against valijson. The precheck may leave a value to valijson, but
// a value it accepts that valijson refuses is a crash.
#include "jsonschemaprecheck.h"
#include "nlohmannjson.h"
#include "valijsonkeywords.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <fuzzer/FuzzedDataProvider.h>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validator.hpp>

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <stdexcept>
#include <string_view>

namespace {

using namespace ActionNode::Internal;

using namespace std::string_view_literals;
// Texts with a NUL character and a leading U+FEFF, which valijson's own readers lost, included.
const std::string_view texts[] = {"",
                                  "a\0bc"sv,
                                  "\0"sv,
                                  "\xef\xbb\xbfx",
                                  "\xef\xbb\xbf"
                                  "2026-02-28",
                                  "a",
                                  "abc",
                                  "b",
                                  "caf\xc3\xa9",
                                  "\xf0\x9f\x98\x80",
                                  "2026-02-28",
                                  "2026-02-29",
                                  "2026-02-28T12:00:00Z",
                                  "2026-02-28t12:00:00.5+01:00",
                                  "1998-12-31T23:59:60Z",
                                  "1998-12-31T22:59:60Z",
                                  "23:59:60Z",
                                  "15:59:60-08:00",
                                  "22:59:60Z",
                                  "12:00:00",
                                  "string"};
const char *const patterns[] = {"^a", "b$", "^[a-z]+$", "\\d", "^$", "\xc3\xa9", "^.{2}$", "^.x$"};
const char *const formats[] = {"date", "date-time", "time", "email", "uri"};
const char *const types[] = {"null", "boolean", "integer", "number", "string", "array", "object"};
const char *const keys[] = {"a", "b", "c"};
const double numbers[] = {-3, -0.5, 0, 0.25, 1, 2, 2.5, 3, 10, 1e-8, 12391239123, 4611686018427387904.0, 1e300};

template<typename T, std::size_t N>
T pick(FuzzedDataProvider &in, T (&list)[N])
{
    return list[in.ConsumeIntegralInRange<std::size_t>(0, N - 1)];
}

QJsonValue makeValue(FuzzedDataProvider &in, int depth)
{
    switch (in.ConsumeIntegralInRange(0, depth > 0 ? 5 : 3)) {
    case 0: return QJsonValue(QJsonValue::Null);
    case 1: return in.ConsumeBool();
    case 2: return pick(in, numbers);
    case 3: return utf8Text(pick(in, texts));
    case 4: {
        QJsonArray array;
        for (int count = in.ConsumeIntegralInRange(0, 3); count > 0; --count)
            array.append(makeValue(in, depth - 1));
        return array;
    }
    default: {
        QJsonObject object;
        for (int count = in.ConsumeIntegralInRange(0, 3); count > 0; --count)
            object.insert(QLatin1String(pick(in, keys)), makeValue(in, depth - 1));
        return object;
    }
    }
}

QJsonObject makeSchema(FuzzedDataProvider &in, int depth);

QJsonValue makeSubschema(FuzzedDataProvider &in, int depth)
{
    if (depth <= 0 || in.ConsumeIntegralInRange(0, 7) == 0)
        return in.ConsumeBool();
    return makeSchema(in, depth);
}

QJsonArray makeSubschemas(FuzzedDataProvider &in, int depth)
{
    QJsonArray schemas;
    for (int count = in.ConsumeIntegralInRange(1, 3); count > 0; --count)
        schemas.append(makeSubschema(in, depth - 1));
    return schemas;
}

QJsonObject makeSchema(FuzzedDataProvider &in, int depth)
{
    QJsonObject schema;
    for (int count = in.ConsumeIntegralInRange(0, 4); count > 0; --count) {
        switch (in.ConsumeIntegralInRange(0, 25)) {
        case 0: schema.insert(QStringLiteral("type"), QLatin1String(pick(in, types))); break;
        case 1:
            schema.insert(QStringLiteral("type"),
                          QJsonArray{QLatin1String(pick(in, types)), QLatin1String(pick(in, types))});
            break;
        case 2: {
            QJsonArray values;
            for (int n = in.ConsumeIntegralInRange(1, 3); n > 0; --n)
                values.append(makeValue(in, 1));
            schema.insert(QStringLiteral("enum"), values);
            break;
        }
        case 3: schema.insert(QStringLiteral("const"), makeValue(in, 1)); break;
        case 4: schema.insert(QStringLiteral("minLength"), in.ConsumeIntegralInRange(0, 4)); break;
        case 5: schema.insert(QStringLiteral("maxLength"), in.ConsumeIntegralInRange(0, 4)); break;
        case 6: schema.insert(QStringLiteral("pattern"), QString::fromUtf8(pick(in, patterns))); break;
        case 7: schema.insert(QStringLiteral("format"), QLatin1String(pick(in, formats))); break;
        case 8: schema.insert(QStringLiteral("minimum"), pick(in, numbers)); break;
        case 9: schema.insert(QStringLiteral("maximum"), pick(in, numbers)); break;
        case 10: schema.insert(QStringLiteral("exclusiveMinimum"), pick(in, numbers)); break;
        case 11: schema.insert(QStringLiteral("exclusiveMaximum"), pick(in, numbers)); break;
        case 12: {
            QJsonObject properties;
            for (int n = in.ConsumeIntegralInRange(1, 3); n > 0; --n)
                properties.insert(QLatin1String(pick(in, keys)), makeSubschema(in, depth - 1));
            schema.insert(QStringLiteral("properties"), properties);
            break;
        }
        case 13: schema.insert(QStringLiteral("required"), QJsonArray{QLatin1String(pick(in, keys))}); break;
        case 14: schema.insert(QStringLiteral("additionalProperties"), makeSubschema(in, depth - 1)); break;
        case 15: schema.insert(QStringLiteral("items"), makeSubschema(in, depth - 1)); break;
        case 16: schema.insert(QStringLiteral("items"), makeSubschemas(in, depth)); break;
        case 17: schema.insert(QStringLiteral("uniqueItems"), in.ConsumeBool()); break;
        case 18: schema.insert(QStringLiteral("minItems"), in.ConsumeIntegralInRange(0, 3)); break;
        case 19: schema.insert(QStringLiteral("maxItems"), in.ConsumeIntegralInRange(0, 3)); break;
        case 20: schema.insert(QStringLiteral("anyOf"), makeSubschemas(in, depth)); break;
        case 21: schema.insert(QStringLiteral("if"), makeSubschema(in, depth - 1)); break;
        case 22: schema.insert(QStringLiteral("then"), makeSubschema(in, depth - 1)); break;
        case 23: schema.insert(QStringLiteral("else"), makeSubschema(in, depth - 1)); break;
        // Keywords the precheck does not know: it must then leave every value to valijson.
        case 24: {
            const double divisor = pick(in, numbers);
            schema.insert(QStringLiteral("multipleOf"), divisor > 0 ? divisor : 1);
            break;
        }
        default: schema.insert(QStringLiteral("not"), makeSubschema(in, depth - 1)); break;
        }
    }
    return schema;
}

// valijson throws where it cannot read a value: a refusal.
bool valijsonAccepts(const QJsonObject &schema, const QJsonValue &value)
{
    nlohmann::json document = toNlohmann(schema);
    ValijsonKeywords keywords;
    valijson::Schema compiled;
    valijson::Validator validator;
    try {
        keywords.rewrite(document);
        valijson::SchemaParser parser;
        keywords.install(parser);
        parser.populateSchema(valijson::adapters::NlohmannJsonAdapter(document), compiled);
        const nlohmann::json target = toNlohmann(value);
        return validator.validate(compiled, valijson::adapters::NlohmannJsonAdapter(target), nullptr);
    } catch (const std::exception &) {
        return false;
    }
}

QByteArray text(const QJsonValue &value)
{
    return QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FuzzedDataProvider in(data, size);
    const QJsonObject schema = makeSchema(in, 3);
    const QJsonValue value = makeValue(in, 3);
    JsonSchemaPrecheck precheck;
    if (!precheck.compile(schema) || !precheck.accepts(value))
        return 0;
    if (!valijsonAccepts(schema, value))
        qFatal("the precheck accepts what valijson refuses: schema %s, value %s", text(schema).constData(),
               text(value).constData());
    return 0;
}
