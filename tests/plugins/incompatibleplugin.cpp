#include "incompatibleplugin.h"
