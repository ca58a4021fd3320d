#include "support/testdata.h"

#include <actionnode/actionspec.h>

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QtTest>

using namespace ActionNode;

// The official JSON Schema Test Suite (draft-07, Debian's json-schema-test-suite)
// through the real declaration loader and validator: each group's schema becomes
// the schema of an action's one input field, each test's data that field's value.
// A group either loads and answers every test as the suite does, or is refused
// at load and named in refusedByDesign below with the reason.
class TestJsonSchemaSuite : public QObject
{
    Q_OBJECT

private:
    // Every group refused at load, and why (README: "Refused at load, by design").
    struct Refusal
    {
        QString file;
        QString group; //!< empty: every group of the file
        QString reason;
    };
    const QList<Refusal> refusedByDesign{
        {QStringLiteral("patternProperties.json"), QString(), patternProperties()},
        {QStringLiteral("properties.json"),
         QStringLiteral("properties, patternProperties, additionalProperties interaction"), patternProperties()},
        {QStringLiteral("additionalProperties.json"),
         QStringLiteral("additionalProperties being false does not allow other properties"), patternProperties()},
        {QStringLiteral("additionalProperties.json"), QStringLiteral("non-ASCII pattern with additionalProperties"),
         patternProperties()},
        {QStringLiteral("definitions.json"), QString(), metaSchema()},
        {QStringLiteral("ref.json"), QStringLiteral("remote ref, containing refs itself"), metaSchema()},
        {QStringLiteral("ref.json"), QStringLiteral("Recursive references between schemas"),
         QStringLiteral("$ref by $id: valijson reads draft-04's id only")},
        {QStringLiteral("refRemote.json"), QString(), QStringLiteral("$ref to a URL: nothing is fetched")},
    };
    static QString patternProperties()
    {
        return QStringLiteral("patternProperties: valijson matches property names with std::regex");
    }
    static QString metaSchema() { return QStringLiteral("$ref to the meta-schema's URL: nothing is fetched"); }

    QString refusalReason(const QString &file, const QString &group) const
    {
        for (const Refusal &refusal : refusedByDesign) {
            if (refusal.file == file && (refusal.group.isEmpty() || refusal.group == group))
                return refusal.reason;
        }
        return {};
    }

    struct Outcome
    {
        int passed = 0;
        QStringList refused;  // "group: reason", expected
        QStringList failures; // wrong answers and unexpected refusals
    };

    static QString suiteDirectory() { return QStringLiteral(ACTIONNODE_JSON_SCHEMA_SUITE_DIR); }

    // Every reference "#..." made relative to where the schema now sits.
    static QJsonValue relocated(const QJsonValue &schema, const QString &place)
    {
        if (schema.isArray()) {
            QJsonArray array;
            for (const QJsonValue &item : schema.toArray())
                array.append(relocated(item, place));
            return array;
        }
        if (!schema.isObject())
            return schema;
        QJsonObject object = schema.toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            const QString reference = it.value().toString();
            if (it.key() == QLatin1String("$ref") && reference.startsWith(QLatin1Char('#')))
                it.value() = QLatin1Char('#') + place + reference.mid(1);
            else
                it.value() = relocated(it.value(), place);
        }
        return object;
    }

    // The schema as the input field "value": itself with a title and a
    // description when the field meta-schema takes it so, else inside allOf.
    static QList<QJsonObject> fieldForms(const QJsonValue &schema)
    {
        const QJsonObject words{{QStringLiteral("title"), QStringLiteral("Value")},
                                {QStringLiteral("description"), QStringLiteral("The suite's data.")}};
        QList<QJsonObject> forms;
        if (schema.isObject() && !schema.toObject().contains(QLatin1String("title"))
            && !schema.toObject().contains(QLatin1String("description"))) {
            QJsonObject direct = relocated(schema, QStringLiteral("/properties/value")).toObject();
            for (auto it = words.begin(); it != words.end(); ++it)
                direct.insert(it.key(), it.value());
            forms.append(direct);
        }
        QJsonObject wrapped = words;
        wrapped.insert(QStringLiteral("allOf"),
                       QJsonArray{relocated(schema, QStringLiteral("/properties/value/allOf/0"))});
        forms.append(wrapped);
        return forms;
    }

    void runGroup(const QString &file, const QJsonObject &group, Outcome *outcome) const
    {
        const QString description = group.value(QLatin1String("description")).toString();
        const QString name = file + QStringLiteral(": ") + description;
        ActionSpec spec;
        for (const QJsonObject &field : fieldForms(group.value(QLatin1String("schema")))) {
            spec = ActionSpec::fromDeclaration(TestSupport::oneFieldDeclaration(field), name);
            if (!spec.hasError())
                break;
        }
        const QString refusal = refusalReason(file, description);
        if (spec.hasError()) {
            if (!refusal.isEmpty())
                outcome->refused.append(name + QStringLiteral(" (") + refusal + QLatin1Char(')'));
            else
                outcome->failures.append(QStringLiteral("refused at load: ") + spec.errorString());
            return;
        }
        if (!refusal.isEmpty())
            outcome->failures.append(name + QStringLiteral(": loads, but is listed as refused by design"));
        for (const QJsonValue &testValue : group.value(QLatin1String("tests")).toArray()) {
            const QJsonObject test = testValue.toObject();
            const bool valid = test.value(QLatin1String("valid")).toBool();
            const ActionErrors errors = spec.validate({{QStringLiteral("value"), test.value(QLatin1String("data"))}});
            if (errors.isEmpty() == valid) {
                ++outcome->passed;
                continue;
            }
            outcome->failures.append(
                QStringLiteral("%1 / %2: %3 %4")
                    .arg(name, test.value(QLatin1String("description")).toString(),
                         valid ? QStringLiteral("refused valid data:") : QStringLiteral("ACCEPTED INVALID data"),
                         QString::fromUtf8(QJsonDocument(QJsonArray{test.value(QLatin1String("data"))})
                                               .toJson(QJsonDocument::Compact)))
                + (valid ? QLatin1Char(' ') + errors.first().toString() : QString()));
        }
    }

    int m_passed = 0;
    int m_refused = 0;

private slots:
    void cleanupTestCase()
    {
        qInfo().noquote() << "JSON Schema Test Suite, draft-07:" << m_passed << "tests passed," << m_refused
                          << "groups refused by design";
    }

    void initTestCase()
    {
        // A refusal is reported below with its group; the loader's own line would repeat it.
        QLoggingCategory::setFilterRules(QStringLiteral("actionnode.declaration.warning=false"));
    }

    void suite_data()
    {
        QTest::addColumn<QString>("file");
        const QDir directory(suiteDirectory());
        QVERIFY2(directory.exists(),
                 qPrintable(suiteDirectory() + QStringLiteral(" is missing: install json-schema-test-suite")));
        QStringList files = directory.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
        // The formats the runtime checks; every other format is an annotation.
        for (const char *format : {"date", "date-time", "time"})
            files.append(QStringLiteral("optional/format/%1.json").arg(QLatin1String(format)));
        for (const QString &file : std::as_const(files))
            QTest::newRow(qPrintable(file)) << file;
    }

    void suite()
    {
        QFETCH(QString, file);
        QFile source(QDir(suiteDirectory()).filePath(file));
        QVERIFY2(source.open(QIODevice::ReadOnly), qPrintable(source.fileName()));
        const QJsonArray groups = QJsonDocument::fromJson(source.readAll()).array();
        QVERIFY2(!groups.isEmpty(), qPrintable(source.fileName() + QStringLiteral(": no groups")));
        Outcome outcome;
        for (const QJsonValue &group : groups)
            runGroup(file, group.toObject(), &outcome);
        qInfo().noquote() << file << ":" << outcome.passed << "tests passed";
        m_passed += outcome.passed;
        m_refused += int(outcome.refused.size());
        for (const QString &refused : std::as_const(outcome.refused))
            qInfo().noquote() << "  refused by design:" << refused;
        QVERIFY2(outcome.failures.isEmpty(), qPrintable(outcome.failures.join(QLatin1Char('\n'))));
    }
};

QTEST_GUILESS_MAIN(TestJsonSchemaSuite)
#include "tst_jsonschemasuite.moc"
