package org.bourse.jdbc;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.function.Supplier;
import org.bourse.core.Command;
import org.bourse.core.ExchangeConfig;

/**
 * Command flows from exchange-core's test-jar for the journal tests: every command type ({@code
 * CommandEncodingRoundTripTest.everyType()}, kept complete by core's own test) and the seeded flows
 * of core's durability tests ({@code SeededFlow}). Both are package-private in core, so they are
 * reached by reflection rather than copied: a new command type then reaches these tests by itself.
 */
final class JournalFixtures {
  private static final String RUNTIME_TESTS = "org.bourse.core.runtime.";

  private JournalFixtures() {}

  /** At least one command of every type, with nulls, extremes and odd decimals. */
  static List<Command> everyCommandType() {
    return commands(invoke(method("CommandEncodingRoundTripTest", "everyType"), null));
  }

  /** The market of the seeded flows: three assets, two instruments, fees, funded users. */
  static List<Command> marketSetup(int users) {
    return commands(invoke(method("SeededFlow", "setup", int.class), null, users));
  }

  /** Engine bounds small enough that seeded flows reach them (see core's {@code SeededFlow}). */
  static ExchangeConfig smallBounds() {
    try {
      Field field = type("SeededFlow").getDeclaredField("SMALL_BOUNDS");
      field.setAccessible(true);
      return (ExchangeConfig) field.get(null);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("exchange-core's SeededFlow changed", e);
    }
  }

  /**
   * A deterministic flow over users 1..users (created by {@link #marketSetup}): limit, market, stop
   * and maker orders, cancels, amends, withdrawals, halts and client retries.
   *
   * @param firstCommandId the flow's command ids count up from here (setup ids are below 1000)
   * @param clientPrefix starts every client order id, so concurrent flows do not collide
   */
  static Supplier<Command> seededFlow(
      long seed, int users, long firstCommandId, String clientPrefix) {
    try {
      Constructor<?> constructor =
          type("SeededFlow")
              .getDeclaredConstructor(long.class, int.class, long.class, String.class);
      constructor.setAccessible(true);
      Object flow = constructor.newInstance(seed, users, firstCommandId, clientPrefix);
      Method next = method("SeededFlow", "next");
      return () -> (Command) invoke(next, flow);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("exchange-core's SeededFlow changed", e);
    }
  }

  private static Class<?> type(String simpleName) throws ClassNotFoundException {
    return Class.forName(RUNTIME_TESTS + simpleName);
  }

  private static Method method(String type, String name, Class<?>... parameters) {
    try {
      Method method = type(type).getDeclaredMethod(name, parameters);
      method.setAccessible(true);
      return method;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("exchange-core's " + type + " changed", e);
    }
  }

  private static Object invoke(Method method, Object target, Object... arguments) {
    try {
      return method.invoke(target, arguments);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  private static List<Command> commands(Object list) {
    return ((List<?>) list).stream().map(Command.class::cast).toList();
  }
}
