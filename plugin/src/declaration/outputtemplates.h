#pragma once

#include <actionnode/actioninputs.h>
#include <actionnode/actionoutputs.h>
#include <actionnode/connection.h>

#include <QJsonObject>
#include <QList>
#include <QString>

namespace ActionNode::Internal {

/*!
    The declaration's \c transport.outputTemplates: outputs built from other
    values, such as Daily's join URL
    \c{https://{connection.domain}.daily.co/{inputs.room_name}?t={outputs.token}}.

    A placeholder names a connection setting (never a secret one: the runtime
    refuses such a declaration when its provider loads), an input or an output; its
    value is percent-encoded (everything but RFC 3986's unreserved
    characters), so that no value can add a path segment, a query or a host.
    An output whose placeholders do not all have a value is left out. The
    templates are parsed once when the declaration loads.
*/
class OutputTemplates
{
public:
    //! Parses \a templates; false with \a pointer and \a error naming what is wrong.
    bool read(const QJsonObject &templates, const QStringList &inputKeys, QString *pointer, QString *error);

    bool isEmpty() const { return m_outputs.isEmpty(); }
    //! The connection settings the templates read.
    QStringList connectionSettings() const;
    /*!
        The values in \a connection of connectionSettings(), in that order:
        read once per connection by a host that applies the templates on
        every invocation (a Connection finds a setting by hashing its name).
    */
    QStringList settingsOf(const Connection &connection) const;
    //! Adds every template whose placeholders all have a value to \a outputs.
    void apply(ActionOutputs *outputs, const ActionInputs &inputs, const Connection &connection) const;
    //! apply() with the connection's \a settings from settingsOf().
    void apply(ActionOutputs *outputs, const ActionInputs &inputs, const QStringList &settings) const;

private:
    enum class Scope { Literal, Connection, Inputs, Outputs };
    struct Part
    {
        Scope scope;
        QString text;           //!< the literal text, or the name of the value
        qsizetype setting = -1; //!< a connection setting's index in connectionSettings()
    };
    struct Output
    {
        QString key;
        QList<Part> parts;
    };
    QList<Output> m_outputs;
    qsizetype m_settingCount = 0;
};

} // namespace ActionNode::Internal
