#include "jsonschemaprecheck.h"

#include "charactercount.h"
#include "nlohmannjson.h"
#include "packedjson.h"
#include "rfc3339.h"
#include "texttable.h"

#include <QHash>
#include <QJsonArray>
#include <QVarLengthArray>

#include <algorithm>
#include <cmath>
#include <limits>

namespace ActionNode::Internal {

namespace {

// Keywords that never make a value invalid.
bool isAnnotation(const QString &keyword)
{
    static const QStringList annotations{
        QStringLiteral("$schema"),
        QStringLiteral("$id"),
        QStringLiteral("$comment"),
        QStringLiteral("title"),
        QStringLiteral("description"),
        QStringLiteral("default"),
        QStringLiteral("examples"),
        QStringLiteral("readOnly"),
        QStringLiteral("writeOnly"),
        QStringLiteral("deprecated"),
        // Declaration keys on a field, checked by the visibility step and the options loader.
        QStringLiteral("visibleWhen"),
        QStringLiteral("optionsFrom"),
    };
    return keyword.startsWith(QLatin1String("x-")) || annotations.contains(keyword);
}

// Whole numbers become integers on their way to valijson (see integerOf).
bool isIntegral(double number)
{
    return std::trunc(number) == number && std::fabs(number) < static_cast<double>(std::numeric_limits<qint64>::max());
}

std::optional<double> numberOf(const QJsonValue &value, bool *ok)
{
    if (!value.isDouble())
        *ok = false;
    return value.toDouble();
}

std::optional<qsizetype> countOf(const QJsonValue &value, bool *ok)
{
    if (!value.isDouble() || !isIntegral(value.toDouble()) || value.toDouble() < 0)
        *ok = false;
    return static_cast<qsizetype>(value.toDouble());
}

bool contains(const PackedJson &array, const PackedJson::Value &value)
{
    const PackedJson::Value items = array.root();
    return std::find(items.begin(), items.end(), value) != items.end();
}

// A text as the tables and the character count read it, in the encoding it is kept in.
QStringView viewOf(const QString &text)
{
    return text;
}
std::string_view viewOf(std::string_view text)
{
    return text;
}
// The same text as a JSON value, for an enum of mixed types.
PackedJson jsonOf(const QString &text)
{
    return PackedJson::ofText(text.toStdString());
}
PackedJson jsonOf(std::string_view text)
{
    return PackedJson::ofText(text);
}
/*
    A text as the pattern and the time formats read it, UTF-16: a QString
    as it is; UTF-8 widened into a buffer of its own when it is ASCII (nearly
    every text a pattern or a format checks: names, dates), else converted
    as everywhere (utf8Text()). No QString is made for an ASCII text.
*/
class Utf16Text
{
public:
    explicit Utf16Text(const QString &text) : m_view(text) {}
    explicit Utf16Text(std::string_view utf8)
    {
        if (isAsciiBytes(utf8)) {
            m_ascii.resize(qsizetype(utf8.size()));
            std::copy(utf8.begin(), utf8.end(), m_ascii.begin());
            m_view = QStringView(m_ascii.constData(), m_ascii.size());
        } else {
            m_converted = utf8Text(utf8);
            m_view = m_converted;
        }
    }
    Utf16Text(const Utf16Text &) = delete;
    Utf16Text &operator=(const Utf16Text &) = delete;

    QStringView view() const { return m_view; }

private:
    QVarLengthArray<char16_t, 128> m_ascii;
    QString m_converted;
    QStringView m_view;
};

} // namespace

void JsonSchemaPrecheck::setAllowedValues(Node *node, const QJsonArray &values)
{
    // With both enum and const, a value must be allowed by each.
    QJsonArray allowed;
    QStringList texts;
    bool allTexts = true;
    for (const QJsonValue &value : values) {
        if (node->allowedValues && !contains(*node->allowedValues, PackedJson::of(value).root()))
            continue;
        allowed.append(value);
        allTexts = allTexts && value.isString();
        texts.append(value.toString());
    }
    node->allowedValues = PackedJson::of(allowed);
    node->allowedStrings.clear();
    if (!allTexts)
        return;
    for (const QString &text : std::as_const(texts))
        node->allowedStrings.insert(text, true);
}

bool JsonSchemaPrecheck::compile(const QJsonObject &schema)
{
    m_nodes.clear();
    m_failed = false;
    m_inexactKeywords = 0;
    compileNode(schema);
    if (m_failed)
        m_nodes.clear();
    return !m_failed;
}

int JsonSchemaPrecheck::compileNode(const QJsonObject &schema)
{
    const int index = int(m_nodes.size());
    m_nodes.emplace_back();
    // A boolean subschema (true/false) arrives here through child() below.
    const auto child = [this](const QJsonValue &value) {
        if (value.isBool()) {
            const int node = int(m_nodes.size());
            m_nodes.emplace_back();
            if (!value.toBool())
                m_nodes.back().types = 0;
            return node;
        }
        if (!value.isObject())
            m_failed = true;
        return compileNode(value.toObject());
    };
    bool ok = true;
    for (auto it = schema.begin(); it != schema.end() && !m_failed; ++it) {
        const QString keyword = it.key();
        const QJsonValue value = it.value();
        // Node references are taken anew after every child compiled: m_nodes grows.
        if (keyword == QLatin1String("type")) {
            const QJsonArray names = value.isArray() ? value.toArray() : QJsonArray{value};
            quint8 types = 0;
            for (const QJsonValue &name : names) {
                static const QHash<QString, quint8> flags{
                    {QStringLiteral("null"), NullType},       {QStringLiteral("boolean"), BooleanType},
                    {QStringLiteral("integer"), IntegerType}, {QStringLiteral("number"), NumberType | IntegerType},
                    {QStringLiteral("string"), StringType},   {QStringLiteral("array"), ArrayType},
                    {QStringLiteral("object"), ObjectType},
                };
                const auto flag = flags.constFind(name.toString());
                ok = ok && flag != flags.constEnd();
                types |= flag == flags.constEnd() ? 0 : *flag;
            }
            m_nodes[index].types = types;
        } else if (keyword == QLatin1String("enum")) {
            ok = ok && value.isArray();
            setAllowedValues(&m_nodes[index], value.toArray());
            m_inexactKeywords += m_nodes[index].allowedStrings.isEmpty() ? 1 : 0;
        } else if (keyword == QLatin1String("const")) {
            setAllowedValues(&m_nodes[index], QJsonArray{value});
            m_inexactKeywords += m_nodes[index].allowedStrings.isEmpty() ? 1 : 0;
        } else if (keyword == QLatin1String("minLength")) {
            m_nodes[index].minLength = *countOf(value, &ok);
        } else if (keyword == QLatin1String("maxLength")) {
            m_nodes[index].maxLength = *countOf(value, &ok);
        } else if (keyword == QLatin1String("pattern")) {
            auto pattern = std::make_shared<const RegexPattern>(value.toString());
            ok = ok && value.isString() && pattern->isValid();
            m_nodes[index].pattern = std::move(pattern);
        } else if (keyword == QLatin1String("format")) {
            // Only these three are checked (see ValijsonKeywords); every other format is accepted.
            if (value.toString() == QLatin1String("date"))
                m_nodes[index].format = Format::Date;
            else if (value.toString() == QLatin1String("date-time"))
                m_nodes[index].format = Format::DateTime;
            else if (value.toString() == QLatin1String("time"))
                m_nodes[index].format = Format::Time;
            m_inexactKeywords += m_nodes[index].format == Format::None ? 0 : 1;
        } else if (keyword == QLatin1String("minimum")) {
            m_nodes[index].minimum = numberOf(value, &ok);
        } else if (keyword == QLatin1String("maximum")) {
            m_nodes[index].maximum = numberOf(value, &ok);
        } else if (keyword == QLatin1String("exclusiveMinimum")) {
            m_nodes[index].exclusiveMinimum = numberOf(value, &ok);
        } else if (keyword == QLatin1String("exclusiveMaximum")) {
            m_nodes[index].exclusiveMaximum = numberOf(value, &ok);
        } else if (keyword == QLatin1String("properties")) {
            const QJsonObject properties = value.toObject();
            for (auto property = properties.begin(); property != properties.end() && !m_failed; ++property) {
                const int node = child(property.value());
                m_nodes[index].properties.insert(property.key(), node);
            }
        } else if (keyword == QLatin1String("required")) {
            for (const QJsonValue &name : value.toArray()) {
                m_nodes[index].required.append(name.toString());
                m_nodes[index].requiredUtf8.push_back(name.toString().toStdString());
            }
        } else if (keyword == QLatin1String("additionalProperties")) {
            if (value.isBool()) {
                m_nodes[index].additional = value.toBool() ? Additional::Allowed : Additional::Forbidden;
            } else {
                const int node = child(value);
                m_nodes[index].additional = Additional::Schema;
                m_nodes[index].additionalSchema = node;
            }
        } else if (keyword == QLatin1String("items")) {
            ok = ok && !value.isArray(); // tuple form: left to valijson
            const int node = child(value);
            m_nodes[index].items = node;
        } else if (keyword == QLatin1String("uniqueItems")) {
            m_nodes[index].uniqueItems = value.toBool();
            ++m_inexactKeywords;
        } else if (keyword == QLatin1String("minItems")) {
            m_nodes[index].minItems = *countOf(value, &ok);
        } else if (keyword == QLatin1String("maxItems")) {
            m_nodes[index].maxItems = *countOf(value, &ok);
        } else if (keyword == QLatin1String("anyOf")) {
            for (const QJsonValue &branch : value.toArray()) {
                const int node = child(branch);
                m_nodes[index].anyOf.append(node);
            }
            ok = ok && !m_nodes[index].anyOf.isEmpty();
        } else if (keyword == QLatin1String("if")) {
            // Its refusal picks the else branch: it must refuse only what valijson refuses.
            const int inexactBefore = m_inexactKeywords;
            const int node = child(value);
            ok = ok && m_inexactKeywords == inexactBefore;
            m_nodes[index].ifSchema = node;
        } else if (keyword == QLatin1String("then")) {
            const int node = child(value);
            m_nodes[index].thenSchema = node;
        } else if (keyword == QLatin1String("else")) {
            const int node = child(value);
            m_nodes[index].elseSchema = node;
        } else if (!isAnnotation(keyword)) {
            ok = false;
        }
        m_failed = m_failed || !ok;
    }
    return index;
}

bool JsonSchemaPrecheck::accepts(const QJsonValue &value) const
{
    return !m_nodes.empty() && acceptsNode(0, PackedJson::of(value).root());
}

bool JsonSchemaPrecheck::acceptsNode(int index, const PackedJson::Value &value) const
{
    using Type = PackedJson::Type;
    const Node &node = m_nodes[size_t(index)];
    quint8 type = 0;
    switch (value.type()) {
    case Type::Null: type = NullType; break;
    case Type::Boolean: type = BooleanType; break;
    case Type::Integer: type = IntegerType | NumberType; break;
    case Type::Double: type = isIntegral(value.toDouble()) ? IntegerType | NumberType : NumberType; break;
    case Type::String: type = StringType; break;
    case Type::Array: type = ArrayType; break;
    case Type::Object: type = ObjectType; break;
    }
    if ((node.types & type) == 0)
        return false;
    // JSON Schema applies each keyword to values of its own type only.
    bool valid = true;
    switch (value.type()) {
    case Type::String: valid = acceptsString(node, value.text()); break;
    case Type::Integer:
    case Type::Double: valid = acceptsNumber(node, value.toDouble()); break;
    case Type::Object: valid = acceptsObject(node, value); break;
    case Type::Array: valid = acceptsArray(node, value); break;
    default: break;
    }
    if (!value.isString()) {
        // valijson cannot read a format off anything but a string: leave that to it.
        valid = valid && node.format == Format::None && (!node.allowedValues || contains(*node.allowedValues, value));
    }
    if (!valid)
        return false;
    const auto holds = [this, &value](int branch) { return acceptsNode(branch, value); };
    if (!node.anyOf.isEmpty() && std::none_of(node.anyOf.begin(), node.anyOf.end(), holds))
        return false;
    // then and else mean nothing without an if.
    if (node.ifSchema < 0)
        return true;
    const int branch = holds(node.ifSchema) ? node.thenSchema : node.elseSchema;
    return branch < 0 || holds(branch);
}

bool JsonSchemaPrecheck::rootIsPlainObject() const
{
    if (m_nodes.empty())
        return false;
    const Node &root = m_nodes.front();
    return root.types == ObjectType && !root.allowedValues && root.format == Format::None && root.anyOf.isEmpty()
           && root.ifSchema < 0;
}

int JsonSchemaPrecheck::rootPropertyNode(const QString &key) const
{
    const int *node = m_nodes.empty() ? nullptr : m_nodes.front().properties.find(key);
    return node ? *node : -1;
}

bool JsonSchemaPrecheck::acceptsTextAt(int index, const QString &text) const
{
    return acceptsTextNode(index, text);
}

bool JsonSchemaPrecheck::acceptsTextAt(int index, const std::string &utf8) const
{
    return acceptsTextNode(index, utf8);
}

template<typename Text>
bool JsonSchemaPrecheck::acceptsTextNode(int index, const Text &text) const
{
    const Node &node = m_nodes[size_t(index)];
    // What needs the value itself (an enum of mixed types, anyOf or if branches) takes the long way.
    if (!node.anyOf.isEmpty() || node.ifSchema >= 0 || (node.allowedValues && node.allowedStrings.isEmpty()))
        return acceptsNode(index, jsonOf(text).root());
    return (node.types & StringType) != 0 && acceptsString(node, text);
}

template<typename Text>
bool JsonSchemaPrecheck::acceptsString(const Node &node, const Text &text) const
{
    if (!node.allowedValues && node.minLength < 0 && node.maxLength < 0 && !node.pattern && node.format == Format::None)
        return true;
    if (node.allowedValues) {
        const bool allowed = node.allowedStrings.isEmpty() ? contains(*node.allowedValues, jsonOf(text).root())
                                                           : node.allowedStrings.contains(viewOf(text));
        if (!allowed)
            return false;
    }
    if (node.minLength >= 0 || node.maxLength >= 0) {
        const qsizetype length = characterCount(viewOf(text));
        if ((node.minLength >= 0 && length < node.minLength) || (node.maxLength >= 0 && length > node.maxLength))
            return false;
    }
    if (!node.pattern && node.format == Format::None)
        return true;
    // Lengths were checked first: a pattern only ever sees text of an allowed length.
    const Utf16Text utf16(text);
    if (node.pattern && node.pattern->search(utf16.view()) != RegexPattern::Result::Match)
        return false;
    switch (node.format) {
    case Format::None: return true;
    case Format::Date: return Rfc3339::isDate(utf16.view());
    case Format::DateTime: return Rfc3339::isDateTime(utf16.view());
    case Format::Time: return Rfc3339::isTime(utf16.view());
    }
    return true;
}

bool JsonSchemaPrecheck::acceptsNumber(const Node &node, double number) const
{
    return (!node.minimum || number >= *node.minimum) && (!node.maximum || number <= *node.maximum)
           && (!node.exclusiveMinimum || number > *node.exclusiveMinimum)
           && (!node.exclusiveMaximum || number < *node.exclusiveMaximum);
}

bool JsonSchemaPrecheck::acceptsObject(const Node &node, const PackedJson::Value &object) const
{
    for (const std::string &name : node.requiredUtf8) {
        if (!object.find(name).isValid())
            return false;
    }
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (const int *property = node.properties.find(it.key())) {
            if (!acceptsNode(*property, *it))
                return false;
        } else if (node.additional == Additional::Forbidden
                   || (node.additional == Additional::Schema && !acceptsNode(node.additionalSchema, *it))) {
            return false;
        }
    }
    return true;
}

bool JsonSchemaPrecheck::acceptsArray(const Node &node, const PackedJson::Value &array) const
{
    const auto size = qsizetype(array.size());
    if ((node.minItems >= 0 && size < node.minItems) || (node.maxItems >= 0 && size > node.maxItems))
        return false;
    // An anyOf's parent often says nothing of the items: its branches walk them.
    if (node.items < 0 && !node.uniqueItems)
        return true;
    for (auto item = array.begin(); item != array.end(); ++item) {
        if (node.items >= 0 && !acceptsNode(node.items, *item))
            return false;
        // Equal as valijson compares them: texts by their bytes, numbers by value, containers member by member.
        if (node.uniqueItems && std::find(array.begin(), item, *item) != item)
            return false;
    }
    return true;
}

} // namespace ActionNode::Internal
