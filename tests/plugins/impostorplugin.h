#pragma once

#include <actionnode/sdk/providerplugin.h>

#include <QObject>

// Claims the provider interface in its metadata but does not implement it:
// its manifest reads fine, loading it must fail.
class ImpostorTestPlugin : public QObject
{
    Q_OBJECT
    Q_PLUGIN_METADATA(IID ActionNodeProviderPlugin_iid FILE "impostor.json")
};
