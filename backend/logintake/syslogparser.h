#pragma once

#include "intakerecord.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QDateTime>

// Reads one syslog record (a datagram, or one frame of a TCP stream) in whichever of the three forms that
// senders actually use:
//   RFC 5424  <PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID [SD-ID PARAM="v"...] MSG   (rsyslog, logger --rfc5424)
//   RFC 3164  <PRI>Mmm dd hh:mm:ss HOST TAG[pid]: MSG                                    (logger, most daemons)
//   bare      <PRI>MSG                          (Python's SysLogHandler; often NUL-terminated; ident is a prefix)
// For 3164 and bare lines a leading "tag:" / "tag[pid]:" of the content is taken as the TAG, as RFC 3164 §5.3
// describes. Trailing NULs and line ends are ignored. Stateless, so safe on any thread.
namespace SyslogParser {

// False with a reason when the record is not syslog at all (no valid PRI, a broken 5424 header or
// structured data). receivedAt supplies the time when the record carries none, and the year 3164 omits.
bool parse(QByteArrayView frame, const QDateTime &receivedAt, IntakeRecord *record, QString *error);

// The parts of parse(), exposed for the tests.
bool parseStructuredData(QByteArrayView text, qsizetype *consumed, IntakeRecord *record, QString *error);
// "Oct 11 22:14:15" (day may be space-padded); the year is the one that puts it nearest before receivedAt.
QDateTime parse3164Time(QByteArrayView text, const QDateTime &receivedAt);

} // namespace SyslogParser
