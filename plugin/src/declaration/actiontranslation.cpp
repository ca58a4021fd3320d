#include "actiontranslation.h"

#include <actionnode/boundedfile.h>

#include "annotations.h"
#include "builtinschema.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

namespace ActionNode::Internal {

namespace {

// Applies one locale file to a declaration, collecting the first problem.
class Translator
{
public:
    Translator(QJsonObject declaration, QString file) : m_declaration(std::move(declaration)), m_file(std::move(file))
    {}

    bool apply(const QJsonObject &texts);
    QJsonObject declaration() const { return m_declaration; }
    QString problem() const { return m_problem; }

private:
    bool fail(const QString &pointer, const QString &reason)
    {
        m_problem = QStringLiteral("%1: %2: %3").arg(m_file, pointer, reason);
        return false;
    }
    bool translateFields(QJsonObject *properties, const QJsonObject &texts, const QString &pointer,
                         const QString &what);
    bool translateGroups(const QJsonObject &texts);
    bool translateById(const char *arrayKey, const char *idKey, const char *textKey, const QJsonObject &texts);

    QJsonObject m_declaration;
    QString m_file;
    QString m_problem;
};

bool Translator::translateFields(QJsonObject *properties, const QJsonObject &texts, const QString &pointer,
                                 const QString &what)
{
    static const QList<QPair<QLatin1String, QLatin1String>> textKeys{{QLatin1String("title"), QLatin1String("title")},
                                                                     {QLatin1String("description"),
                                                                      QLatin1String("description")},
                                                                     {QLatin1String("patternMessage"),
                                                                      Annotation::patternMessage}};
    for (auto it = texts.begin(); it != texts.end(); ++it) {
        if (!properties->contains(it.key()))
            return fail(pointer + QLatin1Char('/') + it.key(), QStringLiteral("\"%1\" is not %2").arg(it.key(), what));
        QJsonObject field = properties->value(it.key()).toObject();
        const QJsonObject text = it.value().toObject();
        for (const auto &[from, to] : textKeys) {
            if (text.contains(from))
                field.insert(to, text.value(from));
        }
        if (text.contains(QLatin1String("properties"))) {
            QJsonObject nested = field.value(QLatin1String("properties")).toObject();
            if (!translateFields(&nested, text.value(QLatin1String("properties")).toObject(),
                                 pointer + QLatin1Char('/') + it.key() + QStringLiteral("/properties"),
                                 QStringLiteral("a property of \"%1\"").arg(it.key())))
                return false;
            field.insert(QStringLiteral("properties"), nested);
        }
        properties->insert(it.key(), field);
    }
    return true;
}

bool Translator::translateGroups(const QJsonObject &texts)
{
    QJsonArray layout = m_declaration.value(QLatin1String("layout")).toArray();
    for (auto it = texts.begin(); it != texts.end(); ++it) {
        const QString pointer = QStringLiteral("/groups/") + it.key();
        qsizetype index = 0;
        while (index < layout.size() && layout.at(index).toObject().value(QLatin1String("id")).toString() != it.key())
            ++index;
        if (index == layout.size())
            return fail(pointer, QStringLiteral("\"%1\" is not a layout group").arg(it.key()));
        QJsonObject group = layout.at(index).toObject();
        const QJsonObject text = it.value().toObject();
        if (text.contains(QLatin1String("title")))
            group.insert(QStringLiteral("title"), text.value(QLatin1String("title")));
        QJsonArray notices = group.value(QLatin1String("notices")).toArray();
        const QJsonObject noticeTexts = text.value(QLatin1String("notices")).toObject();
        for (auto notice = noticeTexts.begin(); notice != noticeTexts.end(); ++notice) {
            qsizetype n = 0;
            while (n < notices.size() && notices.at(n).toObject().value(QLatin1String("id")).toString() != notice.key())
                ++n;
            if (n == notices.size())
                return fail(pointer + QStringLiteral("/notices/") + notice.key(),
                            QStringLiteral("\"%1\" is not a notice of group \"%2\"").arg(notice.key(), it.key()));
            QJsonObject translated = notices.at(n).toObject();
            translated.insert(QStringLiteral("text"), notice.value());
            notices.replace(n, translated);
        }
        if (!noticeTexts.isEmpty())
            group.insert(QStringLiteral("notices"), notices);
        layout.replace(index, group);
    }
    m_declaration.insert(QStringLiteral("layout"), layout);
    return true;
}

bool Translator::translateById(const char *arrayKey, const char *idKey, const char *textKey, const QJsonObject &texts)
{
    QJsonArray items = m_declaration.value(QLatin1String(arrayKey)).toArray();
    for (auto it = texts.begin(); it != texts.end(); ++it) {
        qsizetype index = 0;
        while (index < items.size() && items.at(index).toObject().value(QLatin1String(idKey)).toString() != it.key())
            ++index;
        if (index == items.size())
            return fail(QStringLiteral("/%1/%2").arg(QLatin1String(arrayKey), it.key()),
                        QStringLiteral("the declaration has no %1 with %2 \"%3\"")
                            .arg(QLatin1String(arrayKey).chopped(1), QLatin1String(idKey), it.key()));
        QJsonObject item = items.at(index).toObject();
        item.insert(QLatin1String(textKey), it.value());
        items.replace(index, item);
    }
    if (!texts.isEmpty())
        m_declaration.insert(QLatin1String(arrayKey), items);
    return true;
}

bool Translator::apply(const QJsonObject &texts)
{
    const QString id = m_declaration.value(QLatin1String("id")).toString();
    if (texts.value(QLatin1String("action")).toString() != id)
        return fail(QStringLiteral("/action"), QStringLiteral("translates \"%1\", not \"%2\"")
                                                   .arg(texts.value(QLatin1String("action")).toString(), id));
    for (const char *key : {"title", "description", "category"}) {
        if (texts.contains(QLatin1String(key)))
            m_declaration.insert(QLatin1String(key), texts.value(QLatin1String(key)));
    }
    for (const char *part : {"inputs", "outputs"}) {
        const bool inputs = qstrcmp(part, "inputs") == 0;
        const QJsonObject partTexts = texts.value(QLatin1String(inputs ? "fields" : "outputs")).toObject();
        if (partTexts.isEmpty())
            continue;
        QJsonObject schema = m_declaration.value(QLatin1String(part)).toObject();
        QJsonObject properties = schema.value(QLatin1String("properties")).toObject();
        if (!translateFields(
                &properties, partTexts, inputs ? QStringLiteral("/fields") : QStringLiteral("/outputs"),
                QStringLiteral("%1 of %2").arg(inputs ? QStringLiteral("a field") : QStringLiteral("an output"), id)))
            return false;
        schema.insert(QStringLiteral("properties"), properties);
        m_declaration.insert(QLatin1String(part), schema);
    }
    if (!translateGroups(texts.value(QLatin1String("groups")).toObject()))
        return false;
    QJsonObject bundles = m_declaration.value(QLatin1String("bundles")).toObject();
    const QJsonObject bundleTexts = texts.value(QLatin1String("bundles")).toObject();
    for (auto it = bundleTexts.begin(); it != bundleTexts.end(); ++it) {
        if (!bundles.contains(it.key()))
            return fail(QStringLiteral("/bundles/") + it.key(),
                        QStringLiteral("\"%1\" is not a bundle of %2").arg(it.key(), id));
        QJsonObject bundle = bundles.value(it.key()).toObject();
        const QJsonObject text = it.value().toObject();
        for (auto t = text.begin(); t != text.end(); ++t)
            bundle.insert(t.key(), t.value());
        bundles.insert(it.key(), bundle);
    }
    if (!bundleTexts.isEmpty())
        m_declaration.insert(QStringLiteral("bundles"), bundles);
    return translateById("warnings", "code", "message", texts.value(QLatin1String("warnings")).toObject())
           && translateById("rules", "id", "message", texts.value(QLatin1String("rules")).toObject());
}

} // namespace

QJsonObject ActionTranslation::apply(const QJsonObject &declaration, const QString &source, const QString &locale,
                                     QString *translationFile, QJsonObject *phrases, QString *problem)
{
    translationFile->clear();
    *phrases = {};
    // The tag becomes part of a file name: only letters, digits and dashes.
    static const QRegularExpression tag(QStringLiteral("^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"));
    if (!tag.match(locale).hasMatch()) {
        *problem = QStringLiteral("\"%1\" is not a locale tag (de, pt-BR)").arg(locale.left(40));
        return declaration;
    }
    if (locale == QLatin1String("en"))
        return declaration;
    const QString base = source.endsWith(QLatin1String(".json")) ? source.chopped(5) : source;
    QStringList candidates{locale};
    if (locale.contains(QLatin1Char('-')))
        candidates.append(locale.section(QLatin1Char('-'), 0, 0));
    for (const QString &candidate : std::as_const(candidates)) {
        const QString fileName = QStringLiteral("%1.%2.json").arg(base, candidate);
        if (!QFile::exists(fileName))
            continue;
        *translationFile = fileName;
        const std::optional<QByteArray> text = BoundedFile::read(fileName, BoundedFile::maxDeclarationBytes, problem);
        if (!text)
            return declaration;
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(*text, &parseError);
        if (!document.isObject()) {
            *problem = QStringLiteral("%1: not a JSON object%2")
                           .arg(fileName,
                                parseError.error ? QStringLiteral(": ") + parseError.errorString() : QString());
            return declaration;
        }
        const QList<JsonSchema::Violation> violations =
            builtInSchema(QStringLiteral(":/actionnode/locale.schema.json")).validate(document.object());
        if (!violations.isEmpty()) {
            *problem = QStringLiteral("%1: %2: %3")
                           .arg(fileName, violations.constFirst().location(), JsonSchema::summary(violations));
            return declaration;
        }
        if (document.object().value(QLatin1String("locale")).toString() != candidate) {
            *problem = QStringLiteral("%1: /locale: says \"%2\", but the file name says \"%3\"")
                           .arg(fileName, document.object().value(QLatin1String("locale")).toString(), candidate);
            return declaration;
        }
        *phrases = document.object().value(QLatin1String("phrases")).toObject();
        Translator translator(declaration, fileName);
        if (!translator.apply(document.object())) {
            *problem = translator.problem();
            return declaration;
        }
        return translator.declaration();
    }
    return declaration;
}

} // namespace ActionNode::Internal
