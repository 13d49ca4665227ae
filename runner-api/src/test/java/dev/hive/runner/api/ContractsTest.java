package dev.hive.runner.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hive.protocol.rack.Architecture;
import java.lang.reflect.Method;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ContractsTest {

    static final TargetInfo MICROBIT = Targets.target("microbit", Architecture.ARM);
    static final TargetInfo SIFIVE = Targets.target("sifive_e", Architecture.RISCV);
    static final Set<String> VIRTUAL_RACK = Set.of("virtual", "uart");

    @SuppressWarnings("unused")
    static class Cases {
        void free() {}

        @OnlyTargets({"STM32*", "micro?it"})
        void stm32OrMicrobit() {}

        @OnlyTargets("mps2-*")
        void mps2Only() {}

        @OnlyArchitectures(Architecture.RISCV)
        void riscvOnly() {}

        @OnlyArchitectures({Architecture.ARM, Architecture.RISCV})
        void anyArchitecture() {}

        @RequiresCapability({"uart", "gpio"})
        void needsGpio() {}

        @RequiresCapability("uart")
        void needsUart() {}
    }

    @OnlyTargets("sifive_*")
    static class SifiveOnly {}

    static class InheritsTheContract extends SifiveOnly {}

    static Method method(String name) throws NoSuchMethodException {
        return Cases.class.getDeclaredMethod(name);
    }

    @Test
    void aTestWithoutContractsRunsEverywhere() throws Exception {
        assertThat(Contracts.violation(method("free"), MICROBIT, Set.of())).isEmpty();
        assertThat(Contracts.violation(Cases.class, SIFIVE, Set.of())).isEmpty();
    }

    @Test
    void targetPatternsMatchWithWildcardsAndIgnoreCase() throws Exception {
        assertThat(Contracts.violation(method("stm32OrMicrobit"), MICROBIT, VIRTUAL_RACK))
                .isEmpty();
        assertThat(Contracts.violation(
                        method("stm32OrMicrobit"), Targets.target("stm32vldiscovery", Architecture.ARM), VIRTUAL_RACK))
                .isEmpty();
    }

    @Test
    void anExcludedTargetGetsAReasonNamingPatternsAndTarget() throws Exception {
        assertThat(Contracts.violation(method("mps2Only"), MICROBIT, VIRTUAL_RACK))
                .contains("only for targets matching mps2-*; not for microbit");
        assertThat(Contracts.violation(method("stm32OrMicrobit"), SIFIVE, VIRTUAL_RACK))
                .contains("only for targets matching STM32*, micro?it; not for sifive_e");
    }

    @Test
    void architectureContracts() throws Exception {
        assertThat(Contracts.violation(method("riscvOnly"), SIFIVE, VIRTUAL_RACK))
                .isEmpty();
        assertThat(Contracts.violation(method("riscvOnly"), MICROBIT, VIRTUAL_RACK))
                .contains("only for RISCV targets; microbit is ARM");
        assertThat(Contracts.violation(method("anyArchitecture"), MICROBIT, VIRTUAL_RACK))
                .isEmpty();
    }

    @Test
    void capabilityContractsNameWhatIsMissingAndWhatTheRackOffers() throws Exception {
        assertThat(Contracts.violation(method("needsUart"), MICROBIT, VIRTUAL_RACK))
                .isEmpty();
        assertThat(Contracts.violation(method("needsGpio"), MICROBIT, VIRTUAL_RACK))
                .contains("needs the rack capability gpio; this rack offers uart, virtual");
        assertThat(Contracts.violation(method("needsUart"), MICROBIT, Set.of()))
                .contains("needs the rack capability uart; this rack offers nothing");
    }

    @Test
    void classContractsAreInherited() {
        assertThat(Contracts.violation(InheritsTheContract.class, MICROBIT, VIRTUAL_RACK))
                .contains("only for targets matching sifive_*; not for microbit");
        assertThat(Contracts.violation(InheritsTheContract.class, SIFIVE, VIRTUAL_RACK))
                .isEmpty();
    }
}
