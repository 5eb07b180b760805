#pragma once

#include <QtGlobal>

// Numbers the requests of one kind (list the carts, load this key's history, compute this layout) so that
// only the newest one's answer is applied: an answer that arrives after a newer request was made is stale
// and must be dropped, or a slow answer about A lands after the operator moved on to B. Every "ask, and
// apply when the answer comes" site uses this (directly for network callbacks, through LatestOnly for work
// on a thread pool), instead of its own counter.
class LatestRequest
{
public:
    // A new request: every earlier one is now stale. Keep the ticket with the request.
    quint64 next() { return ++m_latest; }
    bool isLatest(quint64 ticket) const { return ticket == m_latest; }
    // Makes every request so far stale (the view was cleared, the dialog is closing).
    void invalidate() { ++m_latest; }
    quint64 latest() const { return m_latest; }

private:
    quint64 m_latest = 0;
};
