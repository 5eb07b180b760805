#include "client/circuitbreaker.h"
#include "client/retrybudget.h"

#include <QTest>

class TestCircuitBreaker : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void opensAfterConsecutiveFailures();
    void successResetsTheFailureCount();
    void halfOpenAllowsExactlyOneTrial();
    void failedTrialReopens();
    void successfulTrialCloses();
    void retryBudgetLimitsRetries();
};

using State = CircuitBreaker::State;

void TestCircuitBreaker::opensAfterConsecutiveFailures()
{
    CircuitBreaker breaker({ 3, 1000 });
    QCOMPARE(breaker.state(0), State::Closed);
    breaker.recordFailure(10);
    breaker.recordFailure(20);
    QCOMPARE(breaker.state(20), State::Closed);
    QVERIFY(breaker.tryAcquire(20));
    breaker.recordFailure(30);
    QCOMPARE(breaker.state(30), State::Open);
    QVERIFY(!breaker.canAttempt(500));
    QVERIFY(!breaker.tryAcquire(1029));
}

void TestCircuitBreaker::successResetsTheFailureCount()
{
    CircuitBreaker breaker({ 3, 1000 });
    breaker.recordFailure(0);
    breaker.recordFailure(0);
    breaker.recordSuccess();
    breaker.recordFailure(0);
    breaker.recordFailure(0);
    QCOMPARE(breaker.state(0), State::Closed);
    QCOMPARE(breaker.consecutiveFailures(), 2);
}

void TestCircuitBreaker::halfOpenAllowsExactlyOneTrial()
{
    CircuitBreaker breaker({ 1, 1000 });
    breaker.recordFailure(100);
    QCOMPARE(breaker.state(1099), State::Open);
    QCOMPARE(breaker.state(1100), State::HalfOpen);
    QVERIFY(breaker.canAttempt(1100));
    QVERIFY(breaker.tryAcquire(1100));
    // The trial is out: nobody else gets through until it reports back.
    QVERIFY(!breaker.canAttempt(1101));
    QVERIFY(!breaker.tryAcquire(1200));
}

void TestCircuitBreaker::failedTrialReopens()
{
    CircuitBreaker breaker({ 2, 1000 });
    breaker.recordFailure(0);
    breaker.recordFailure(0);
    QVERIFY(breaker.tryAcquire(1000));
    breaker.recordFailure(1000);
    // One failure in half-open is enough, and the cool-down starts again from the trial's failure.
    QCOMPARE(breaker.state(1500), State::Open);
    QCOMPARE(breaker.state(2000), State::HalfOpen);
}

void TestCircuitBreaker::successfulTrialCloses()
{
    CircuitBreaker breaker({ 1, 1000 });
    breaker.recordFailure(0);
    QVERIFY(breaker.tryAcquire(1000));
    breaker.recordSuccess();
    QCOMPARE(breaker.state(1000), State::Closed);
    QVERIFY(breaker.tryAcquire(1000));
    QVERIFY(breaker.tryAcquire(1000));
}

void TestCircuitBreaker::retryBudgetLimitsRetries()
{
    RetryBudget budget(0.5, 0.0, 100.0); // no time-based reserve: only calls earn retries
    int allowed = 0;
    for (int i = 0; i < 20; ++i)
        allowed += budget.tryRetry(0) ? 1 : 0;
    QCOMPARE(allowed, 0);
    for (int i = 0; i < 10; ++i)
        budget.onCall();
    for (int i = 0; i < 20; ++i)
        allowed += budget.tryRetry(0) ? 1 : 0;
    QCOMPARE(allowed, 5);

    RetryBudget reserve(0.0, 10.0, 100.0); // 10 retries per second, nothing earned by calls
    int spent = 0;
    while (reserve.tryRetry(0) && spent < 100)
        ++spent;
    QCOMPARE(spent, 10);
    QVERIFY(!reserve.tryRetry(50));
    QVERIFY(reserve.tryRetry(200)); // 0.2 s refilled two tokens
}

QTEST_GUILESS_MAIN(TestCircuitBreaker)
#include "tst_circuitbreaker.moc"
