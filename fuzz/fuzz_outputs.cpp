// ActionOutputs against QJsonObject, the type it stands in for: any sequence
// of inserts (texts as QString or UTF-8 bytes, other values) and removals under any names leaves
// both with the same members in the same order, and a name found as UTF-16,
// as UTF-8 or as Latin-1 finds the same output.
#include <actionnode/actionoutputs.h>

#include <QJsonObject>
#include <QLatin1StringView>
#include <QUtf8StringView>

#include <cstddef>
#include <cstdint>

namespace {

// The next length-prefixed run of bytes, or an empty one when the data ends.
QByteArray take(const uint8_t *&data, size_t &size)
{
    if (size == 0)
        return {};
    const size_t length = std::min<size_t>(*data, size - 1);
    const QByteArray bytes(reinterpret_cast<const char *>(data + 1), qsizetype(length));
    data += length + 1;
    size -= length + 1;
    return bytes;
}

void check(const ActionNode::ActionOutputs &outputs, const QJsonObject &mirror, const QByteArray &utf8Name)
{
    if (outputs.toJsonObject() != mirror || outputs.keys() != mirror.keys() || outputs.size() != mirror.size())
        qFatal("the outputs differ from the JSON object");
    for (qsizetype i = 0; i < outputs.size(); ++i) {
        const QString name = outputs.nameAt(i);
        if (outputs.valueAt(i) != mirror.value(name) || outputs.isTextAt(i) != mirror.value(name).isString())
            qFatal("the output at %lld differs", static_cast<long long>(i));
        if (outputs.isTextAt(i) && outputs.textViewAt(i).toString() != outputs.textAt(i))
            qFatal("the text at %lld reads differently as a view", static_cast<long long>(i));
    }
    const QString name = QString::fromUtf8(utf8Name);
    const QJsonValue expected = mirror.value(name);
    if (outputs.value(name) != expected || outputs.contains(name) != mirror.contains(name)
        || outputs.value(QUtf8StringView(utf8Name)) != outputs.value(name)
        || outputs.text(name) != (expected.isString() ? expected.toString() : QString()))
        qFatal("the output %s is found differently", utf8Name.constData());
    const QByteArray latin1 = name.toLatin1();
    if (QString::fromLatin1(latin1) == name && outputs.value(QLatin1StringView(latin1)) != expected)
        qFatal("the output %s is found differently by its Latin-1 name", utf8Name.constData());
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ActionNode::ActionOutputs outputs;
    QJsonObject mirror;
    while (size > 0) {
        const uint8_t operation = *data++;
        --size;
        const QByteArray name = take(data, size);
        const QString key = QString::fromUtf8(name);
        const QByteArray value = take(data, size);
        switch (operation % 5) {
        case 0:
            outputs.insertText(key, QString::fromUtf8(value));
            mirror.insert(key, QString::fromUtf8(value));
            break;
        case 1:
            outputs.insert(key, double(value.size()));
            mirror.insert(key, double(value.size()));
            break;
        case 2:
            outputs.insert(key, QString::fromUtf8(value));
            mirror.insert(key, QString::fromUtf8(value));
            break;
        case 3:
            // Kept as the bytes given, which need not be valid UTF-8: read as QString::fromUtf8 reads them.
            outputs.insertUtf8(key, value);
            mirror.insert(key, QString::fromUtf8(value));
            break;
        default:
            if (outputs.remove(QUtf8StringView(name)) != mirror.contains(key))
                qFatal("removing %s did not say what was there", name.constData());
            mirror.remove(key);
        }
        check(outputs, mirror, name);
    }
    const ActionNode::ActionOutputs copy(mirror);
    if (!(copy == outputs))
        qFatal("outputs made of the JSON object differ from those built step by step");
    return 0;
}
