#pragma once

#include <QHash>
#include <QJsonObject>
#include <QJsonValue>
#include <QSet>
#include <QString>

#include <functional>

namespace ActionNode::Internal {

/*!
    A declared \c visibleWhen condition: when a field or a layout group
    applies. Its forms are the ones of the meta-schema's \c condition:
    \c {field, equals}, \c {field, oneOf}, \c {field, isSet}, and
    \c all / \c any / \c not of conditions. A field absent from the inputs
    counts as its declared default (so "Start Cloud Recording is Yes" is
    false when it is left at its default \c false); \c isSet asks whether
    the inputs carry the field at all.

    The condition is kept as the declared JSON, which is also what the
    metadata carries, so that a host evaluates exactly what the runtime does.
*/
class VisibilityCondition
{
public:
    /*!
        The words conditions are said in; English unless a locale file's
        \c phrases replace them. %1 and %2 stand for labels, values and
        clauses, as in the English defaults.
    */
    struct Phrases
    {
        QString yes = QStringLiteral("Yes");
        QString no = QStringLiteral("No");
        QString is = QStringLiteral("%1 is %2");
        QString isNot = QStringLiteral("%1 is not %2");
        QString oneOf = QStringLiteral("%1 is one of %2");
        QString notOneOf = QStringLiteral("%1 is not one of %2");
        QString isSet = QStringLiteral("%1 is set");
        QString isNotSet = QStringLiteral("%1 is not set");
        QString both = QStringLiteral("%1 and %2");
        QString either = QStringLiteral("%1 or %2");
        QString negation = QStringLiteral("not %1");
        QString shownWhen = QStringLiteral("shown when %1");
        QString appliesOnlyWhen = QStringLiteral("\"%1\" applies only when %2; remove it or change what it depends on");
        QString requiredWhen = QStringLiteral("is required when %1");
        QString ignoredBecause = QStringLiteral("\"%1\" is ignored because it applies only when %2: it is not sent");

        /*!
            Phrases from a locale file's \c phrases object; a phrase without
            its placeholders sets \a problem ("key: reason").
        */
        static Phrases fromJson(const QJsonObject &json, QString *problem);
    };

    //! Labels and defaults of the sibling fields a condition may name, and the words to use.
    struct Fields
    {
        QHash<QString, QString> labels;
        QHash<QString, QJsonValue> defaults;
        Phrases phrases;
    };

    VisibilityCondition() = default;
    explicit VisibilityCondition(const QJsonObject &declared);

    bool isNull() const { return m_declared.isEmpty(); }
    QJsonObject toJson() const { return m_declared; }

    /*!
        The first problem of the condition at \a pointer ("pointer: reason"),
        or an empty string: a field that \a fields does not know, or the
        field \a owner that the condition is attached to.
    */
    QString problem(const QString &pointer, const Fields &fields, const QString &owner) const;

    //! The fields the condition reads.
    QSet<QString> fieldKeys() const;

    //! Whether the condition holds for \a inputs; a null condition always holds.
    bool holds(const QJsonObject &inputs, const Fields &fields) const;

    //! The condition in words: "Start Cloud Recording is Yes".
    QString text(const Fields &fields) const;

    //! Both conditions (a group's and its field's); a null side is left out.
    static VisibilityCondition both(const VisibilityCondition &first, const VisibilityCondition &second);

private:
    QJsonObject m_declared;
};

} // namespace ActionNode::Internal
