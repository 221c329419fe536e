package org.bourse.jdbc.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.bourse.jdbc.TestDatabase.Backend;
import org.bourse.store.InboxMessage;
import org.bourse.store.InboxPage;
import org.bourse.store.User;
import org.junit.jupiter.api.Test;

abstract class InboxStoreContract extends StoreContract {

  InboxStoreContract(Backend backend) {
    super(backend);
  }

  @Test
  void shouldListNewestFirstInKeysetPages() {
    // given
    User user = newUser();
    User other = newUser();
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(stores.inbox().add(user.id(), "title " + i, "body " + i).id());
      stores.inbox().add(other.id(), "noise", "");
    }

    // when
    InboxPage first = stores.inbox().list(user.id(), OptionalLong.empty(), 2);
    InboxPage second = stores.inbox().list(user.id(), first.nextBeforeId(), 2);
    InboxPage last = stores.inbox().list(user.id(), second.nextBeforeId(), 2);

    // then
    assertEquals(List.of(ids.get(4), ids.get(3)), idsOf(first));
    assertEquals(List.of(ids.get(2), ids.get(1)), idsOf(second));
    assertEquals(List.of(ids.get(0)), idsOf(last));
    assertEquals(OptionalLong.empty(), last.nextBeforeId());
    InboxMessage newest = first.messages().get(0);
    assertEquals("title 4", newest.title());
    assertEquals("body 4", newest.body());
    assertEquals(clock.instant(), newest.createdAt());
    assertFalse(newest.read());
    assertEquals(
        OptionalLong.empty(),
        stores.inbox().list(user.id(), OptionalLong.empty(), 5).nextBeforeId());
  }

  @Test
  void shouldCountUnreadAndMarkOneOrAllRead() {
    // given
    User user = newUser();
    User other = newUser();
    InboxMessage first = stores.inbox().add(user.id(), "a", "");
    stores.inbox().add(user.id(), "b", "");
    stores.inbox().add(user.id(), "c", "");
    InboxMessage foreign = stores.inbox().add(other.id(), "x", "");

    // when
    boolean marked = stores.inbox().markRead(user.id(), first.id());
    int unreadAfterOne = stores.inbox().unreadCount(user.id());
    int markedAll = stores.inbox().markAllRead(user.id());

    // then
    assertTrue(marked);
    assertFalse(stores.inbox().markRead(user.id(), first.id()));
    assertFalse(stores.inbox().markRead(user.id(), foreign.id()));
    assertEquals(2, unreadAfterOne);
    assertEquals(2, markedAll);
    assertEquals(0, stores.inbox().unreadCount(user.id()));
    assertEquals(1, stores.inbox().unreadCount(other.id()));
    assertEquals(
        Optional.of(clock.instant()),
        stores.inbox().list(user.id(), OptionalLong.empty(), 1).messages().get(0).readAt());
  }

  @Test
  void shouldNameTheFieldOfBadInput() {
    User user = newUser();
    assertRejected("title must not be blank", () -> stores.inbox().add(user.id(), "", "b"));
    assertRejected(
        "body must be at most 4000 characters, was 4001",
        () -> stores.inbox().add(user.id(), "t", "x".repeat(4001)));
    assertRejected(
        "limit must be between 1 and 100, was 0",
        () -> stores.inbox().list(user.id(), OptionalLong.empty(), 0));
    assertRejected(
        "userId " + (user.id() + 5) + " does not exist",
        () -> stores.inbox().add(user.id() + 5, "t", "b"));
  }

  private static List<Long> idsOf(InboxPage page) {
    return page.messages().stream().map(InboxMessage::id).toList();
  }
}
