#pragma once

#include <actionnode/actionnode_global.h>

#include <QAnyStringView>
#include <QByteArray>
#include <QDebug>
#include <QJsonObject>
#include <QJsonValue>
#include <QSharedDataPointer>
#include <QString>
#include <QStringList>

#include <initializer_list>
#include <utility>

namespace ActionNode {

class ActionOutputsData;

/*!
    The output values of a successful invocation, by output name.

    It reads like a QJsonObject (value(), contains(), keys(), names in the
    order QJsonObject keeps them) and becomes one with toJsonObject(). Texts,
    such as a token or a join URL, are kept as QString: text() hands one over
    without a JSON conversion, so a host that only needs the token does not
    pay for building a JSON object; a text made as bytes (insertUtf8()) is
    kept as UTF-8 and read without a conversion with textView(). An output
    that is not a text is kept as a QJsonValue.

    Implicitly shared: copies are cheap until one of them is changed.
*/
class ACTIONNODE_EXPORT ActionOutputs
{
public:
    ActionOutputs();
    //! The members of \a object, so that a QJsonObject can be given wherever outputs are taken.
    ActionOutputs(const QJsonObject &object); // NOLINT(google-explicit-constructor)
    //! Outputs written as QJsonObject's are: \c{{{"token", token}, {"expires", 3600}}}.
    ActionOutputs(std::initializer_list<std::pair<QString, QJsonValue>> outputs);
    ActionOutputs(const ActionOutputs &other);
    //! Leaves \a other empty and usable, as a moved-from QJsonObject is.
    ActionOutputs(ActionOutputs &&other) noexcept;
    ActionOutputs &operator=(const ActionOutputs &other);
    ActionOutputs &operator=(ActionOutputs &&other) noexcept;
    ~ActionOutputs();
    void swap(ActionOutputs &other) noexcept { d.swap(other.d); }

    bool isEmpty() const;
    qsizetype size() const;
    bool contains(QAnyStringView name) const;
    //! The output names, in QJsonObject's order.
    QStringList keys() const;

    //! The output \a name, or an undefined value when there is none.
    QJsonValue value(QAnyStringView name) const;
    //! The text output \a name; empty when there is none or it is not a text.
    QString text(QAnyStringView name) const;
    /*!
        The text output \a name as it is kept, UTF-16 or UTF-8 (insertUtf8()),
        with no conversion and no copy; valid until these outputs change.
        Null when there is none or it is not a text.
    */
    QAnyStringView textView(QAnyStringView name) const;

    //! The name and value of the output at \a index (0 to size() - 1, in keys() order).
    QString nameAt(qsizetype index) const;
    QJsonValue valueAt(qsizetype index) const;
    //! Whether the output at \a index is a text, and so whether textAt() holds it.
    bool isTextAt(qsizetype index) const;
    QString textAt(qsizetype index) const;
    //! The text at \a index as textView() gives it.
    QAnyStringView textViewAt(qsizetype index) const;

    //! Sets the output \a name to \a value, replacing any output of that name;
    //! an undefined \a value removes it, as QJsonObject::insert() does.
    void insert(const QString &name, const QJsonValue &value);
    //! Sets the output \a name to the text \a text, without a JSON conversion.
    void insertText(const QString &name, const QString &text);
    /*!
        Sets the output \a name to the text whose UTF-8 bytes \a utf8 holds,
        kept as those bytes: a token signed as bytes reaches a host that
        writes it out (textView()) without becoming a QString on the way.
    */
    void insertUtf8(const QString &name, const QByteArray &utf8);
    //! Removes the output \a name; false when there was none.
    bool remove(QAnyStringView name);

    QJsonObject toJsonObject() const;

    //! Equal when they hold the same names and values, however they were stored.
    friend ACTIONNODE_EXPORT bool operator==(const ActionOutputs &lhs, const ActionOutputs &rhs);
    friend bool operator!=(const ActionOutputs &lhs, const ActionOutputs &rhs) { return !(lhs == rhs); }

private:
    QSharedDataPointer<ActionOutputsData> d;
};

//! The outputs as their JSON object.
ACTIONNODE_EXPORT QDebug operator<<(QDebug debug, const ActionOutputs &outputs);

} // namespace ActionNode

Q_DECLARE_SHARED(ActionNode::ActionOutputs)
