#pragma once
/// Everything public in magnete_core (histories, backtests and learning: magnete::analytics,
/// magnete/history.hpp, backtest.hpp, learn.hpp).
#include "magnete/assessment.hpp"
#include "magnete/campaign.hpp"
#include "magnete/contact.hpp"
#include "magnete/engine.hpp"
#include "magnete/error.hpp"
#include "magnete/fixed.hpp"
#include "magnete/form.hpp"
#include "magnete/forward.hpp"
#include "magnete/json.hpp"
#include "magnete/lead.hpp"
#include "magnete/payload.hpp"
#include "magnete/session.hpp"
#include "magnete/time.hpp"
