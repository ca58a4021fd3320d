#include <actionnode/actionoutputs.h>

#include "texttable.h"

#include <QSharedData>
#include <QVarLengthArray>

#include <algorithm>
#include <string_view>
#include <type_traits>

namespace ActionNode {

namespace {

using Internal::utf16View;

/*
    Compared inline where it can be (a UTF-16 name, or ASCII bytes):
    QAnyStringView::equal calls out of line. Other bytes are read as
    QString::fromUtf8() or fromLatin1() reads them: Qt 6.4's comparison of
    UTF-8 with UTF-16 reads some invalid sequences otherwise, so a name
    sought as bytes would find another output than the same name as a QString.
*/
bool sameName(const QString &name, QAnyStringView sought)
{
    return sought.visit([&name](auto view) {
        if constexpr (std::is_same_v<decltype(view), QStringView>) {
            return utf16View(name) == utf16View(view);
        } else {
            if (!Internal::isAsciiBytes({view.data(), size_t(view.size())}))
                return name == view.toString();
            return name.size() == view.size()
                   && std::equal(view.begin(), view.end(), name.begin(),
                                 [](auto c, QChar u) { return u.unicode() == static_cast<unsigned char>(c); });
        }
    });
}

} // namespace

class ActionOutputsData : public QSharedData
{
public:
    struct Output
    {
        enum class Form : quint8 { Value, Text, Utf8 };
        QString name;
        Form form = Form::Value;
        QString text;     //!< a Text
        QByteArray utf8;  //!< a Utf8 text
        QJsonValue value; //!< a Value

        bool isText() const { return form != Form::Value; }
        QAnyStringView textView() const
        {
            return form == Form::Text   ? QAnyStringView(text)
                   : form == Form::Utf8 ? QAnyStringView(QUtf8StringView(utf8))
                                        : QAnyStringView();
        }
        QString toText() const { return form == Form::Utf8 ? QString::fromUtf8(utf8) : text; }
        void set(Form newForm, QString newText, QByteArray newUtf8, QJsonValue newValue)
        {
            form = newForm;
            text = std::move(newText);
            utf8 = std::move(newUtf8);
            value = std::move(newValue);
        }
    };

    // Sorted by name as QJsonObject sorts its keys, so that every writer
    // meets the outputs in the order QJsonDocument would write them.
    QVarLengthArray<Output, 3> outputs;

    const Output *find(QAnyStringView name) const
    {
        for (const Output &output : outputs) {
            if (sameName(output.name, name))
                return &output;
        }
        return nullptr;
    }

    Output &slotFor(const QString &name)
    {
        const auto at = std::lower_bound(outputs.begin(), outputs.end(), utf16View(name),
                                         [](const Output &output, std::u16string_view key) {
                                             return utf16View(output.name) < key;
                                         });
        if (at != outputs.end() && utf16View(at->name) == utf16View(name))
            return *at;
        return *outputs.insert(at, Output{name, Output::Form::Value, {}, {}, {}});
    }
};

namespace {

QJsonValue valueOf(const ActionOutputsData::Output &output)
{
    return output.isText() ? QJsonValue(output.toText()) : output.value;
}

// Shared by every empty ActionOutputs (failures have none), so that making one allocates nothing.
Q_GLOBAL_STATIC(QSharedDataPointer<ActionOutputsData>, noOutputs, new ActionOutputsData)
} // namespace

ActionOutputs::ActionOutputs() : d(*noOutputs) {}

ActionOutputs::ActionOutputs(const QJsonObject &object) : ActionOutputs()
{
    for (auto it = object.begin(); it != object.end(); ++it)
        insert(it.key(), it.value());
}

ActionOutputs::ActionOutputs(std::initializer_list<std::pair<QString, QJsonValue>> outputs) : ActionOutputs()
{
    for (const auto &[name, value] : outputs)
        insert(name, value);
}

ActionOutputs::ActionOutputs(const ActionOutputs &other) = default;
ActionOutputs::ActionOutputs(ActionOutputs &&other) noexcept : d(*noOutputs)
{
    swap(other);
}

ActionOutputs &ActionOutputs::operator=(const ActionOutputs &other) = default;
ActionOutputs &ActionOutputs::operator=(ActionOutputs &&other) noexcept
{
    swap(other); // other keeps this one's outputs, a usable value
    return *this;
}
ActionOutputs::~ActionOutputs() = default;

bool ActionOutputs::isEmpty() const
{
    return d->outputs.isEmpty();
}

qsizetype ActionOutputs::size() const
{
    return d->outputs.size();
}

bool ActionOutputs::contains(QAnyStringView name) const
{
    return d->find(name) != nullptr;
}

QStringList ActionOutputs::keys() const
{
    QStringList names;
    names.reserve(d->outputs.size());
    for (const auto &output : d->outputs)
        names.append(output.name);
    return names;
}

QJsonValue ActionOutputs::value(QAnyStringView name) const
{
    const auto *output = d->find(name);
    return output ? valueOf(*output) : QJsonValue(QJsonValue::Undefined);
}

QString ActionOutputs::text(QAnyStringView name) const
{
    const auto *output = d->find(name);
    return output && output->isText() ? output->toText() : QString();
}

QAnyStringView ActionOutputs::textView(QAnyStringView name) const
{
    const auto *output = d->find(name);
    return output ? output->textView() : QAnyStringView();
}

QString ActionOutputs::nameAt(qsizetype index) const
{
    return d->outputs.at(index).name;
}

QJsonValue ActionOutputs::valueAt(qsizetype index) const
{
    return valueOf(d->outputs.at(index));
}

bool ActionOutputs::isTextAt(qsizetype index) const
{
    return d->outputs.at(index).isText();
}

QString ActionOutputs::textAt(qsizetype index) const
{
    return d->outputs.at(index).toText();
}

QAnyStringView ActionOutputs::textViewAt(qsizetype index) const
{
    return d->outputs.at(index).textView();
}

void ActionOutputs::insert(const QString &name, const QJsonValue &value)
{
    if (value.isUndefined()) {
        remove(name);
        return;
    }
    if (value.isString()) {
        insertText(name, value.toString());
        return;
    }
    d->slotFor(name).set(ActionOutputsData::Output::Form::Value, {}, {}, value);
}

void ActionOutputs::insertText(const QString &name, const QString &text)
{
    d->slotFor(name).set(ActionOutputsData::Output::Form::Text, text, {}, {});
}

void ActionOutputs::insertUtf8(const QString &name, const QByteArray &utf8)
{
    d->slotFor(name).set(ActionOutputsData::Output::Form::Utf8, {}, utf8, {});
}

bool ActionOutputs::remove(QAnyStringView name)
{
    const ActionOutputsData &outputs = *std::as_const(d); // no copy of shared outputs when there is nothing to remove
    const auto *output = outputs.find(name);
    if (!output)
        return false;
    const qsizetype index = output - outputs.outputs.cbegin();
    d->outputs.remove(index);
    return true;
}

QJsonObject ActionOutputs::toJsonObject() const
{
    QJsonObject object;
    for (const auto &output : d->outputs)
        object.insert(output.name, valueOf(output));
    return object;
}

QDebug operator<<(QDebug debug, const ActionOutputs &outputs)
{
    return debug << outputs.toJsonObject();
}

bool operator==(const ActionOutputs &lhs, const ActionOutputs &rhs)
{
    if (lhs.d == rhs.d)
        return true;
    if (lhs.size() != rhs.size())
        return false;
    for (qsizetype i = 0; i < lhs.size(); ++i) {
        if (lhs.nameAt(i) != rhs.nameAt(i) || lhs.valueAt(i) != rhs.valueAt(i))
            return false;
    }
    return true;
}

} // namespace ActionNode
