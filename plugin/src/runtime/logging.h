#pragma once

#include <QLoggingCategory>

namespace ActionNode::Internal {

// The library's logging categories, all of them: README.md's table lists them with the
// plugins', the CLI's and the emulator's. Enable with QT_LOGGING_RULES="actionnode.rest.debug=true".

//! actionnode.runtime: webhook deliveries the trigger hub refuses (bad signature, replayed, malformed).
Q_DECLARE_LOGGING_CATEGORY(lcRuntime)
//! actionnode.declaration: declarations (actions and triggers) that cannot be read, with the reason.
Q_DECLARE_LOGGING_CATEGORY(lcDeclaration)
//! actionnode.plugins: providers found, loaded or refused while discovering plugins.
Q_DECLARE_LOGGING_CATEGORY(lcPlugins)
//! actionnode.rest: each REST request attempt (method, URL without query or user info) and each retry or give-up.
Q_DECLARE_LOGGING_CATEGORY(lcRest)
//! actionnode.store: a store's write-ahead log that could not be copied into its database (the log keeps it).
Q_DECLARE_LOGGING_CATEGORY(lcStore)
//! actionnode.license: why a license is refused (debug only: the caller gets the reason anyway).
Q_DECLARE_LOGGING_CATEGORY(lcLicense)

} // namespace ActionNode::Internal
