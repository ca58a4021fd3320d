#pragma once

#include <QtCore/qglobal.h>

#if defined(ACTIONNODE_LIBRARY)
#define ACTIONNODE_EXPORT Q_DECL_EXPORT
#else
#define ACTIONNODE_EXPORT Q_DECL_IMPORT
#endif
