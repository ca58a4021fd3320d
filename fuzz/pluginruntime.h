#pragma once

#include <actionnode/runtime.h>

#include <QCoreApplication>

/*
    For LLVMFuzzerInitialize(): an application (quiet) and a runtime with
    the provider plugins of ACTIONNODE_PLUGIN_PATH, kept for the whole run.
*/
inline ActionNode::Runtime *startPluginRuntime(int *argc, char ***argv)
{
    qputenv("QT_LOGGING_RULES", "*=false");
    new QCoreApplication(*argc, *argv);
    auto *runtime = new ActionNode::Runtime;
    if (runtime->discoverPlugins() == 0)
        qFatal("no provider plugins: set ACTIONNODE_PLUGIN_PATH");
    return runtime;
}
