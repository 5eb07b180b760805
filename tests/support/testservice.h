#pragma once

#include "http/service.h"

// A small service for exercising ServiceHost and HttpServer: /echo returns the body it got, /slow?ms=N
// answers after N milliseconds without blocking its thread (like a handler waiting on another service),
// /write is a write route for access tests.
class TestService : public Service
{
public:
    bool start(ServiceContext &context, QString *error) override;
};
