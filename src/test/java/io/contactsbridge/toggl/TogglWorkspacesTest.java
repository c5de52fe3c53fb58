package io.contactsbridge.toggl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import io.contactsbridge.connector.StateTable;
import org.junit.jupiter.api.Test;

/**
 * The first look at the workspaces is decided once for the whole list the first poll reads: its
 * changes are worked one by one, in any order, so "nothing known yet" holds only for the first of them.
 */
class TogglWorkspacesTest {
    final StateTable state = new StateTable("toggl", null); // in memory

    void known(String id) {
        state.put(TogglWorkspaces.KIND, id, Map.of("id", id));
    }

    @Test
    void everyWorkspaceOfTheFirstListIsPartOfTheFirstLookWhicheverIsWorkedFirst() {
        TogglWorkspaces.listed(state, List.of("1000", "1001"));
        known("1001"); // the inbox happened to work the second one first
        assertThat(TogglWorkspaces.firstLook(state, "1000")).isTrue();
        assertThat(TogglWorkspaces.firstLook(state, "1001")).isTrue();
    }

    @Test
    void aWorkspaceListedLaterIsNew() {
        TogglWorkspaces.listed(state, List.of("1000"));
        known("1000");
        TogglWorkspaces.listed(state, List.of("1000", "2000")); // the hourly read after a workspace was made
        assertThat(TogglWorkspaces.firstLook(state, "2000")).isFalse();
    }

    @Test
    void beforeAnyPollOnlyTheFirstWorkspaceSeenIsTakenAsKnown() {
        assertThat(TogglWorkspaces.firstLook(state, "1000")).isTrue();
        known("1000");
        assertThat(TogglWorkspaces.firstLook(state, "3000")).isFalse();
    }

    @Test
    void aStoreThatKnowsWorkspacesAlreadyHadItsFirstLook() {
        known("1000"); // kept by an earlier version, which had no first-look record
        TogglWorkspaces.listed(state, List.of("1000", "2000"));
        assertThat(TogglWorkspaces.firstLook(state, "2000")).isFalse();
    }
}
