package io.contactsbridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

class PagingTest {
    final List<String> all = List.of("a", "b", "c", "d", "e");

    @Test
    void cutsByOffsetAndByPage() {
        Paging.Page<String> p = Paging.offset(all, 1, 2);
        assertThat(p.items()).containsExactly("b", "c");
        assertThat(p.hasMore()).isTrue();
        assertThat(p.next()).isEqualTo(3);
        assertThat(p.number(2)).isEqualTo(1);
        assertThat(Paging.offset(all, 4, 2).hasMore()).isFalse();
        assertThat(Paging.offset(all, 9, 2).items()).isEmpty();
        assertThat(Paging.offset(all, -3, 2).items()).containsExactly("a", "b");
        assertThat(Paging.page(all, 3, 2).items()).containsExactly("e");
        assertThat(Paging.page(all, 3, 2).last()).isEqualTo("e");
        assertThat(Paging.page(all, 4, 2).items()).isEmpty();
        assertThat(Paging.page(all, 4, 2).last()).isNull();
    }

    @Test
    void continuesAfterAnIdOrAfterASortKey() {
        assertThat(Paging.afterId(all, Function.identity(), "b")).isEqualTo(2);
        assertThat(Paging.afterId(all, Function.identity(), "zz")).isEqualTo(-1);
        assertThat(Paging.afterId(all, Function.identity(), null)).isEqualTo(-1);
        List<Integer> times = List.of(10, 20, 20, 30);
        assertThat(Paging.afterKey(times, Function.identity(), 20, Comparator.naturalOrder())).isEqualTo(3);
        assertThat(Paging.afterKey(times, Function.identity(), 5, Comparator.naturalOrder())).isZero();
        assertThat(Paging.afterKey(times, Function.identity(), 30, Comparator.naturalOrder())).isEqualTo(4);
        List<Integer> desc = List.of(30, 20, 10);
        assertThat(Paging.afterKey(desc, Function.identity(), 20, Comparator.<Integer>reverseOrder())).isEqualTo(2);
    }
}
