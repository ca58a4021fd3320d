#pragma once

#include <QHash>
#include <QJsonObject>
#include <QJsonValue>
#include <QSet>
#include <QString>

#include <functional>

namespace ActionNode {

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
    //! Labels and defaults of the sibling fields a condition may name.
    struct Fields
    {
        QHash<QString, QString> labels;
        QHash<QString, QJsonValue> defaults;
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

} // namespace ActionNode
