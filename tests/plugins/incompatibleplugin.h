#pragma once

#include <QObject>
#include <QtPlugin>

// A Qt plugin for some other interface, which the runtime must refuse.
class IncompatibleTestPlugin : public QObject
{
    Q_OBJECT
    Q_PLUGIN_METADATA(IID "org.example.Other/1.0" FILE "incompatible.json")
};
