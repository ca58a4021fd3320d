#include "impostorplugin.h"
