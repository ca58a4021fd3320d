#pragma once

#include <actionnode/actionerror.h>
#include <actionnode/actionnode_global.h>
#include <actionnode/actionoutputs.h>

#include <QJsonArray>
#include <QJsonObject>
#include <QMetaType>

namespace ActionNode {

/*!
    What an invocation produced: the output values on success, or the
    errors that stopped it, plus warnings about risky but valid inputs
    (they accompany successful results too).
*/
struct ACTIONNODE_EXPORT ActionResult
{
    enum class Status {
        Succeeded,
        InvalidInput,       //!< validation failed; nothing was sent
        LicenseRefused,     //!< a bundle-only field was set without the bundle
        ConfigurationError, //!< missing or bad connection settings, unknown action
        ProviderFailed,     //!< the provider answered with an error
        NetworkFailed,      //!< no usable answer (timeout, connection, TLS)
    };

    Status status = Status::Succeeded;
    ActionOutputs outputs;
    ActionErrors errors;
    ActionErrors warnings;

    bool isSuccess() const { return status == Status::Succeeded; }
    static ActionResult failure(Status status, const ActionErrors &errors, const ActionErrors &warnings = {});
    static ActionResult success(const ActionOutputs &outputs, const ActionErrors &warnings = {});
    static QString statusName(Status status);

    //! {"status": ..., "outputs": {...}, "errors": [...], "warnings": [...]}
    QJsonObject toJson() const;
    //! \a errors (or warnings) as toJson() lists them.
    static QJsonArray toJson(const ActionErrors &errors);
};

} // namespace ActionNode

Q_DECLARE_METATYPE(ActionNode::ActionResult)
